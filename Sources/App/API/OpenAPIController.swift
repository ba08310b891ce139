import Domain
import Vapor

/// The API's description, written by hand and checked by a test against the registered routes.
enum OpenAPIController {
    @Sendable
    static func document(req: Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(string: document))
    }

    /// The hand-written document with, on every operation, each error status the API can answer: reads may get
    /// 400 (a parameter outside what it accepts), 401 and 404; writes also 403, 409, 413 (body too large), 415
    /// (not JSON) and 422. The API has no rate limit of its own (429 is the log-in form's, not the API's).
    static let document: String = {
        guard var root = try? JSONSerialization.jsonObject(with: Data(spec.utf8)) as? [String: Any],
              var paths = root["paths"] as? [String: Any] else { return spec }
        let names = ["400": "BadRequest", "401": "Unauthorized", "403": "Forbidden", "404": "NotFound", "409": "Conflict",
                     "413": "TooLarge", "415": "UnsupportedType", "422": "Invalid"]
        for (path, value) in paths {
            guard var item = value as? [String: Any] else { continue }
            for method in ["get", "post", "patch"] {
                guard var op = item[method] as? [String: Any], var responses = op["responses"] as? [String: Any] else { continue }
                let codes = method == "get" ? ["400", "401", "404"] : ["400", "401", "403", "404", "409", "413", "415", "422"]
                for code in codes where responses[code] == nil {
                    responses[code] = ["$ref": "#/components/responses/\(names[code]!)"]
                }
                op["responses"] = responses
                item[method] = op
            }
            paths[path] = item
        }
        root["paths"] = paths
        guard let data = try? JSONSerialization.data(withJSONObject: root, options: [.sortedKeys]) else { return spec }
        return String(decoding: data, as: UTF8.self)
    }()

    static let memberProperties = """
        "fullName": {"type": "string"}, "birthDate": {"type": "string", "format": "date"},
        "gender": {"type": "string", "enum": ["male", "female"]}, "ethnicity": {"type": "string", "nullable": true},
        "nationality": {"type": "string"}, "citizenId": {"type": "string", "pattern": "^[0-9]{12}$", "nullable": true},
        "passportNumber": {"type": "string", "nullable": true}, "unitCode": {"type": "string"},
        "unionJoinDate": {"type": "string", "format": "date"}, "cardNumber": {"type": "string", "nullable": true},
        "position": {"type": "string", "nullable": true}, "duties": {"type": "string", "nullable": true},
        "education": {"type": "string", "enum": ["doctorate", "master", "bachelor", "college", "intermediate", "elementary", "none"]},
        "politicalTheory": {"type": "string", "enum": ["advanced", "bachelor", "intermediate", "elementary"], "nullable": true},
        "partyJoinDate": {"type": "string", "format": "date", "nullable": true},
        "phone": {"type": "string", "nullable": true}, "email": {"type": "string", "nullable": true}
        """

    static let directiveKinds = DirectiveKind.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")

    static let spec = """
    {
      "openapi": "3.0.3",
      "info": {"title": "NoiGuong API", "version": "1.0.0",
        "description": "Đơn vị và đoàn viên trong phạm vi của người gọi. Xác thực bằng cookie phiên (kèm tiêu đề X-CSRF-Token cho thao tác ghi) hoặc mã truy cập cá nhân: Authorization: Bearer <mã>. Bản ghi ngoài phạm vi trả về 404."},
      "servers": [{"url": "/api/v1"}],
      "security": [{"bearer": []}, {"session": []}],
      "components": {
        "securitySchemes": {
          "bearer": {"type": "http", "scheme": "bearer"},
          "session": {"type": "apiKey", "in": "cookie", "name": "ng_session"}
        },
        "schemas": {
          "Error": {"type": "object", "properties": {"error": {"type": "string"}, "status": {"type": "integer"}}},
          "ValidationFailure": {"type": "object", "properties": {"error": {"type": "string"},
            "fields": {"type": "array", "items": {"type": "object", "properties": {"field": {"type": "string"}, "message": {"type": "string"}}}}}},
          "Unit": {"type": "object", "properties": {"id": {"type": "integer"}, "code": {"type": "string"}, "name": {"type": "string"},
            "kind": {"type": "string"}, "kindId": {"type": "integer"}, "parentId": {"type": "integer", "nullable": true},
            "partyCellId": {"type": "integer", "nullable": true}, "status": {"type": "string", "enum": ["active", "dissolved", "merged"]},
            "establishedOn": {"type": "string", "format": "date"}, "endedOn": {"type": "string", "format": "date", "nullable": true},
            "mergedIntoId": {"type": "integer", "nullable": true}}},
          "UnitInput": {"type": "object", "properties": {"code": {"type": "string"}, "name": {"type": "string"},
            "kind": {"type": "string", "description": "Tên loại đơn vị, ví dụ CĐCS"}, "parentCode": {"type": "string"}, "partyCell": {"type": "string", "description": "Tên một chi bộ có sẵn ở đơn vị hoặc cấp trên; chuỗi rỗng để bỏ"}, "createPartyCell": {"type": "boolean", "description": "Tạo chi bộ mới tên partyCell tại đơn vị này"}}},
          "Member": {"type": "object", "properties": {"id": {"type": "integer"}, "familyName": {"type": "string"}, "givenName": {"type": "string"},
            "unitId": {"type": "integer"}, "status": {"type": "string", "enum": ["active", "suspended", "transferred", "left"]}, \(memberProperties)}},
          "MemberInput": {"type": "object", "properties": {\(memberProperties)}},
          "UnitList": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Unit"}},
            "next": {"type": "string", "nullable": true}}},
          "Round": {"type": "object", "properties": {"id": {"type": "integer"}, "programmeId": {"type": "integer"}, "programme": {"type": "string"},
            "year": {"type": "integer"}, "unitId": {"type": "integer"}, "unitName": {"type": "string"}, "opensOn": {"type": "string", "format": "date"},
            "closesOn": {"type": "string", "format": "date"}, "asOf": {"type": "string", "format": "date"}, "midyearOn": {"type": "string", "format": "date"},
            "yearendOn": {"type": "string", "format": "date"}, "open": {"type": "boolean"}}},
          "RoundList": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Round"}},
            "total": {"type": "integer", "nullable": true}, "next": {"type": "string", "nullable": true}}},
          "CoverageLine": {"type": "object", "properties": {"unitId": {"type": "integer"}, "name": {"type": "string"}, "expected": {"type": "integer"},
            "approved": {"type": "integer"}, "submitted": {"type": "integer"}, "share": {"type": "number", "description": "Phần trăm đã duyệt, một chữ số thập phân"}}},
          "Coverage": {"type": "object", "properties": {"round": {"type": "integer"}, "asOf": {"type": "string", "format": "date"},
            "total": {"$ref": "#/components/schemas/CoverageLine"}, "children": {"type": "array", "items": {"$ref": "#/components/schemas/CoverageLine"}}}},
          "Session": {"type": "object", "properties": {"id": {"type": "integer"}, "unitId": {"type": "integer"}, "unitName": {"type": "string"},
            "cellId": {"type": "integer", "nullable": true}, "cellName": {"type": "string", "nullable": true}, "heldOn": {"type": "string", "format": "date"},
            "startsAt": {"type": "string"}, "place": {"type": "string"}, "theme": {"type": "string"},
            "form": {"type": "string", "enum": ["conference", "seminar", "cell_meeting", "union_meeting", "online"]}, "note": {"type": "string"},
            "invited": {"type": "integer"}, "present": {"type": "integer"}, "excused": {"type": "integer"}, "absent": {"type": "integer"},
            "unmarked": {"type": "integer"}}},
          "SessionList": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Session"}},
            "total": {"type": "integer", "nullable": true}, "next": {"type": "string", "nullable": true}}},
          "Attendee": {"type": "object", "properties": {"memberId": {"type": "integer"}, "fullName": {"type": "string"}, "unitName": {"type": "string"},
            "status": {"type": "string", "enum": ["invited", "present", "excused", "absent"]}, "reason": {"type": "string"}}},
          "AttendeeList": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Attendee"}},
            "total": {"type": "integer", "nullable": true}, "next": {"type": "string", "nullable": true}}},
          "AttendanceInput": {"type": "object", "required": ["marks"], "properties": {"marks": {"type": "array", "items": {"type": "object",
            "required": ["memberId", "status"], "properties": {"memberId": {"type": "integer"}, "status": {"type": "string", "enum": ["present", "excused", "absent"]},
            "reason": {"type": "string", "nullable": true}}}}}},
          "AttendanceRate": {"type": "object", "properties": {"unitId": {"type": "integer"}, "name": {"type": "string"}, "present": {"type": "integer"},
            "excused": {"type": "integer"}, "absent": {"type": "integer"}, "rate": {"type": "number", "nullable": true, "description": "Phần trăm có mặt trên số lượt đã điểm danh"}}},
          "AttendanceYear": {"type": "object", "properties": {"unitId": {"type": "integer"}, "year": {"type": "integer"},
            "total": {"$ref": "#/components/schemas/AttendanceRate"}, "children": {"type": "array", "items": {"$ref": "#/components/schemas/AttendanceRate"}}}},
          "PlanTarget": {"type": "object", "properties": {"id": {"type": "integer"}, "what": {"type": "string"}, "measure": {"type": "string"},
            "targetValue": {"type": "number"}, "owner": {"type": "string"}, "deadline": {"type": "string", "format": "date", "nullable": true},
            "fromParent": {"type": "boolean"}, "progressValue": {"type": "number", "nullable": true}, "progressNote": {"type": "string"}}},
          "Plan": {"type": "object", "properties": {"id": {"type": "integer"}, "unitId": {"type": "integer"}, "unitName": {"type": "string"},
            "programmeId": {"type": "integer"}, "programme": {"type": "string"}, "year": {"type": "integer"}, "title": {"type": "string"},
            "parentPlanId": {"type": "integer", "nullable": true}, "status": {"type": "string", "enum": ["draft", "published"]},
            "publishedAt": {"type": "string", "nullable": true}, "targets": {"type": "array", "nullable": true, "items": {"$ref": "#/components/schemas/PlanTarget"}},
            "childrenWithPlan": {"type": "integer", "nullable": true}, "children": {"type": "integer", "nullable": true}}},
          "EvaluationRound": {"type": "object", "required": ["id", "subject", "kind", "year", "unitId", "status"], "properties": {"id": {"type": "integer"},
            "subject": {"type": "string", "enum": ["members", "grassroots"], "description": "members: đoàn viên; grassroots: công đoàn cơ sở (cấp trên thẩm định)"},
            "kind": {"type": "string", "enum": ["mid_year", "year_end"]}, "year": {"type": "integer"},
            "programmeId": {"type": "integer", "nullable": true, "description": "Chương trình mà đợt xếp loại theo quy định của nó; null: quy định chung của đơn vị"},
            "programmeName": {"type": "string", "nullable": true}, "unitId": {"type": "integer"}, "unitName": {"type": "string"},
            "opensOn": {"type": "string", "format": "date"}, "closesOn": {"type": "string", "format": "date"}, "status": {"type": "string", "enum": ["open", "approved"]},
            "capRaised": {"type": "boolean"}, "approvedAt": {"type": "string", "nullable": true}}},
          "EvaluationRoundList": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/EvaluationRound"}},
            "total": {"type": "integer", "nullable": true}, "next": {"type": "string", "nullable": true}}},
          "SplitLine": {"type": "object", "properties": {"unitId": {"type": "integer"}, "unitName": {"type": "string"}, "total": {"type": "integer"},
            "counts": {"type": "object", "additionalProperties": {"type": "integer"}, "description": "Số người theo mã mức xếp loại (HTXSNV, HTTNV, HTNV, KHTNV)"}}},
          "EvaluationRoundDetail": {"type": "object", "properties": {"round": {"$ref": "#/components/schemas/EvaluationRound"},
            "levels": {"type": "array", "items": {"type": "object", "properties": {"code": {"type": "string"}, "name": {"type": "string"}, "minimum": {"type": "number"}}}},
            "capPercent": {"type": "integer", "nullable": true},
            "criteria": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "integer"}, "title": {"type": "string"}, "max": {"type": "number"},
              "fromRegistration": {"type": "boolean"}}}},
            "unitId": {"type": "integer", "nullable": true},
            "split": {"type": "object", "nullable": true, "properties": {"total": {"$ref": "#/components/schemas/SplitLine"},
              "lines": {"type": "array", "items": {"$ref": "#/components/schemas/SplitLine"}}, "final": {"type": "boolean"}}},
            "evaluations": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "integer"}, "memberId": {"type": "integer"},
              "fullName": {"type": "string"}, "unitId": {"type": "integer"}, "unitName": {"type": "string"},
              "status": {"type": "string", "enum": ["self_assessed", "reviewed", "approved"]}, "selfTotal": {"type": "number"}, "selfLevel": {"type": "string"},
              "reviewTotal": {"type": "number", "nullable": true}, "reviewLevel": {"type": "string", "nullable": true}, "finalLevel": {"type": "string", "nullable": true}}}},
            "unions": {"type": "array", "description": "Đợt xếp loại công đoàn cơ sở: từng công đoàn cơ sở trong đơn vị, kèm bản đánh giá nếu đã có",
              "items": {"type": "object", "properties": {"unitId": {"type": "integer"}, "unitName": {"type": "string"}, "id": {"type": "integer", "nullable": true},
              "status": {"type": "string", "nullable": true, "enum": ["self_assessed", "reviewed", "approved", null]}, "selfTotal": {"type": "number", "nullable": true},
              "selfLevel": {"type": "string", "nullable": true}, "reviewTotal": {"type": "number", "nullable": true}, "reviewLevel": {"type": "string", "nullable": true},
              "finalLevel": {"type": "string", "nullable": true}}}}}},
          "PlanList": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Plan"}},
            "total": {"type": "integer", "nullable": true}, "next": {"type": "string", "nullable": true}}},
          "InspectionCorrection": {"type": "object", "properties": {"id": {"type": "integer"}, "what": {"type": "string"}, "owner": {"type": "string"},
            "deadline": {"type": "string", "format": "date"}, "status": {"type": "string", "enum": ["open", "closed"]},
            "closedAt": {"type": "string", "nullable": true}, "closingNote": {"type": "string", "nullable": true},
            "followUps": {"type": "array", "items": {"type": "object", "properties": {"at": {"type": "string"}, "author": {"type": "string"}, "note": {"type": "string"}}}}}},
          "ProgressInput": {"type": "object", "required": ["value"], "properties": {
            "value": {"type": "number", "minimum": 0, "maximum": 1000000000, "description": "Kết quả đạt được, cùng đơn vị đo với chỉ tiêu"},
            "note": {"type": "string", "maxLength": 1000}}},
          "NoteInput": {"type": "object", "required": ["note"], "properties": {"note": {"type": "string", "minLength": 1, "maxLength": 2000}}},
          "Inspection": {"type": "object", "properties": {"id": {"type": "integer"}, "unitId": {"type": "integer"}, "unitName": {"type": "string"},
            "targetUnitId": {"type": "integer"}, "targetName": {"type": "string"}, "year": {"type": "integer"},
            "subject": {"type": "string", "enum": ["unit", "registrations"]}, "title": {"type": "string"}, "plannedOn": {"type": "string", "format": "date"},
            "heldOn": {"type": "string", "format": "date", "nullable": true}, "findings": {"type": "string"}, "status": {"type": "string", "enum": ["planned", "done"]},
            "corrections": {"type": "array", "nullable": true, "items": {"$ref": "#/components/schemas/InspectionCorrection"}}}},
          "InspectionList": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Inspection"}},
            "total": {"type": "integer", "nullable": true}, "next": {"type": "string", "nullable": true}}},
          "Flag": {"type": "object", "properties": {"code": {"type": "string", "enum": ["vague", "untied", "duplicate"]}, "message": {"type": "string"}}},
          "RegistrationAction": {"type": "object", "properties": {"position": {"type": "integer"}, "action": {"type": "string"},
            "dutyId": {"type": "integer", "nullable": true}, "dutyTitle": {"type": "string", "nullable": true}, "result": {"type": "string"},
            "deadline": {"type": "string"}, "flags": {"type": "array", "items": {"$ref": "#/components/schemas/Flag"}}}},
          "Registration": {"type": "object", "properties": {"id": {"type": "integer"}, "roundId": {"type": "integer"}, "memberId": {"type": "integer"},
            "memberName": {"type": "string"}, "unitId": {"type": "integer"}, "unitName": {"type": "string"}, "cellId": {"type": "integer", "nullable": true},
            "cellName": {"type": "string", "nullable": true}, "status": {"type": "string", "enum": ["draft", "submitted", "returned", "approved", "completed"]},
            "version": {"type": "integer"}, "shortcomings": {"type": "string"}, "flagCount": {"type": "integer"}, "onBehalf": {"type": "boolean"},
            "submittedAt": {"type": "string", "nullable": true}, "appraisedAt": {"type": "string", "nullable": true}, "appraisedBy": {"type": "string", "nullable": true},
            "appraisalNote": {"type": "string", "nullable": true}, "actions": {"type": "array", "items": {"$ref": "#/components/schemas/RegistrationAction"}}}},
          "RegistrationList": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Registration"}},
            "total": {"type": "integer", "nullable": true}, "next": {"type": "string", "nullable": true}}},
          "RegistrationInput": {"type": "object", "properties": {"memberId": {"type": "integer", "description": "Bỏ trống: bản đăng ký của chính người gọi"},
            "actions": {"type": "array", "maxItems": 2, "items": {"type": "object", "properties": {"action": {"type": "string"}, "dutyId": {"type": "integer", "nullable": true},
              "result": {"type": "string"}, "deadline": {"type": "string"}}}},
            "shortcomings": {"type": "string"}, "submit": {"type": "boolean", "description": "true: gửi chi bộ ngay"}}},
          "AppraisalInput": {"type": "object", "required": ["decision"], "properties": {"decision": {"type": "string", "enum": ["approve", "return"]},
            "reason": {"type": "string", "description": "Bắt buộc khi trả lại"}}},
          "Model": {"type": "object", "properties": {"id": {"type": "integer"}, "roundId": {"type": "integer"}, "unitId": {"type": "integer"},
            "unitName": {"type": "string"}, "name": {"type": "string"}, "description": {"type": "string"},
            "status": {"type": "string", "enum": ["proposed", "agreed", "confirmed"]}, "proposedBy": {"type": "string"}, "proposedAt": {"type": "string"},
            "agreedAt": {"type": "string", "nullable": true}, "confirmedAt": {"type": "string", "nullable": true}, "confirmedBy": {"type": "string", "nullable": true},
            "members": {"type": "integer"}}},
          "ModelList": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Model"}},
            "total": {"type": "integer", "nullable": true}, "next": {"type": "string", "nullable": true}}},
          "Directive": {"type": "object", "properties": {"id": {"type": "integer"},
            "kind": {"type": "string", "enum": [\(directiveKinds)]}, "kindName": {"type": "string"},
            "number": {"type": "string", "description": "Số, ký hiệu như đã ghi, ví dụ 18/KH-CĐVC"}, "issuedOn": {"type": "string", "format": "date"},
            "issuerId": {"type": "integer"}, "issuerName": {"type": "string"}, "targetId": {"type": "integer"}, "targetName": {"type": "string"},
            "title": {"type": "string"}, "summary": {"type": "string"}, "createdBy": {"type": "string"}, "createdAt": {"type": "string"},
            "acknowledgementDue": {"type": "boolean", "description": "Một đơn vị của người gọi chưa xác nhận đã đọc"}}},
          "DirectiveList": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Directive"}},
            "total": {"type": "integer", "nullable": true}, "next": {"type": "string", "nullable": true, "description": "Giá trị cho tham số after của trang sau"}}},
          "AcknowledgementLine": {"type": "object", "properties": {"unitId": {"type": "integer"}, "name": {"type": "string"},
            "mustAcknowledge": {"type": "boolean"}, "acknowledgedAt": {"type": "string", "nullable": true}, "acknowledgedBy": {"type": "string", "nullable": true},
            "expected": {"type": "integer", "description": "Số đơn vị (cả trực thuộc) phải xác nhận"}, "acknowledged": {"type": "integer", "description": "Số đơn vị (cả trực thuộc) đã xác nhận"}}},
          "DirectiveFile": {"type": "object", "properties": {"id": {"type": "integer"}, "fileName": {"type": "string"}, "contentType": {"type": "string"},
            "size": {"type": "integer"}, "url": {"type": "string"}}},
          "DirectiveDetail": {"type": "object", "properties": {"directive": {"$ref": "#/components/schemas/Directive"},
            "files": {"type": "array", "items": {"$ref": "#/components/schemas/DirectiveFile"}},
            "unit": {"allOf": [{"$ref": "#/components/schemas/AcknowledgementLine"}], "nullable": true},
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/AcknowledgementLine"}}}},
          "AcknowledgementInput": {"type": "object", "properties": {"unitId": {"type": "integer", "minimum": 1, "description": "Bỏ trống: đơn vị của người gọi đang chờ xác nhận"}}},
          "Acknowledgement": {"type": "object", "properties": {"directiveId": {"type": "integer"}, "unitId": {"type": "integer"},
            "created": {"type": "boolean", "description": "false: đơn vị đã xác nhận từ trước"}, "acknowledgedAt": {"type": "string", "nullable": true},
            "acknowledgedBy": {"type": "string", "nullable": true}}},
          "MemberList": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Member"}},
            "total": {"type": "integer", "nullable": true}, "next": {"type": "string", "nullable": true, "description": "Giá trị cho tham số after của trang sau"}}}
        },
        "parameters": {
          "id": {"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}
        },
        "responses": {
          "NotFound": {"description": "Không có, hoặc ngoài phạm vi của người gọi", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "Invalid": {"description": "Dữ liệu không hợp lệ", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ValidationFailure"}}}},
          "Unauthorized": {"description": "Chưa đăng nhập", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "BadRequest": {"description": "Tham số hoặc nội dung gửi lên không đọc được, hoặc ngoài giá trị cho phép", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "Forbidden": {"description": "Thấy được bản ghi nhưng bước này không phải của người gọi", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "Conflict": {"description": "Trạng thái hiện tại không cho phép (đã xử lý, đợt đã đóng, trùng)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "TooLarge": {"description": "Nội dung gửi lên quá lớn", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "UnsupportedType": {"description": "Nội dung không phải JSON", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        }
      },
      "paths": {
        "/units": {
          "get": {"summary": "Danh sách đơn vị", "parameters": [
              {"name": "q", "in": "query", "schema": {"type": "string"}}, {"name": "parent", "in": "query", "schema": {"type": "integer", "minimum": 1}},
              {"name": "under", "in": "query", "schema": {"type": "integer", "minimum": 1}}, {"name": "after", "in": "query", "schema": {"type": "integer", "minimum": 0}},
              {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 500}}],
            "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/UnitList"}}}},
              "401": {"$ref": "#/components/responses/Unauthorized"}}},
          "post": {"summary": "Thêm đơn vị", "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/UnitInput"}}}},
            "responses": {"201": {"description": "Đã tạo", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Unit"}}}},
              "422": {"$ref": "#/components/responses/Invalid"}, "401": {"$ref": "#/components/responses/Unauthorized"}}}
        },
        "/units/{id}": {
          "parameters": [{"$ref": "#/components/parameters/id"}],
          "get": {"summary": "Một đơn vị", "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Unit"}}}},
            "404": {"$ref": "#/components/responses/NotFound"}}},
          "patch": {"summary": "Sửa đơn vị (parentCode khác: chuyển đơn vị)", "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/UnitInput"}}}},
            "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Unit"}}}},
              "404": {"$ref": "#/components/responses/NotFound"}, "422": {"$ref": "#/components/responses/Invalid"}}}
        },
        "/members": {
          "get": {"summary": "Danh sách đoàn viên, xếp theo tên tiếng Việt", "parameters": [
              {"name": "q", "in": "query", "schema": {"type": "string"}, "description": "Tên (không cần dấu), CCCD, số điện thoại"},
              {"name": "under", "in": "query", "schema": {"type": "integer", "minimum": 1}, "description": "Chỉ đơn vị này và cấp dưới"},
              {"name": "gender", "in": "query", "schema": {"type": "string", "enum": ["male", "female"]}},
              {"name": "education", "in": "query", "schema": {"type": "string", "enum": ["doctorate", "master", "bachelor", "college", "intermediate", "elementary", "none"]}},
              {"name": "party", "in": "query", "schema": {"type": "string", "enum": ["yes", "no"]}},
              {"name": "status", "in": "query", "schema": {"type": "string", "enum": ["active", "suspended", "transferred", "left", "all"]}},
              {"name": "after", "in": "query", "schema": {"type": "string"}},
              {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200}}],
            "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MemberList"}}}},
              "401": {"$ref": "#/components/responses/Unauthorized"}}},
          "post": {"summary": "Thêm đoàn viên", "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MemberInput"}}}},
            "responses": {"201": {"description": "Đã tạo", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Member"}}}},
              "422": {"$ref": "#/components/responses/Invalid"}, "401": {"$ref": "#/components/responses/Unauthorized"}}}
        },
        "/members/{id}": {
          "parameters": [{"$ref": "#/components/parameters/id"}],
          "get": {"summary": "Một đoàn viên", "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Member"}}}},
            "404": {"$ref": "#/components/responses/NotFound"}}},
          "patch": {"summary": "Sửa hồ sơ (unitCode khác: chuyển sinh hoạt từ hôm nay)", "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MemberInput"}}}},
            "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Member"}}}},
              "404": {"$ref": "#/components/responses/NotFound"}, "422": {"$ref": "#/components/responses/Invalid"}}}
        },
        "/rounds": {
          "get": {"summary": "Các đợt đăng ký trong phạm vi (tổ chức tại đơn vị trong phạm vi hoặc cấp trên của nó)",
            "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RoundList"}}}}}}
        },
        "/rounds/{id}/coverage": {
          "parameters": [{"$ref": "#/components/parameters/id"}],
          "get": {"summary": "Tỷ lệ đăng ký được duyệt của một đơn vị và các đơn vị trực thuộc, tính theo ngày chốt của đợt",
            "parameters": [{"name": "unit", "in": "query", "schema": {"type": "integer", "minimum": 1}, "description": "Mặc định: đơn vị tổ chức đợt"}],
            "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Coverage"}}}}}}
        },
        "/rounds/{id}/registrations": {
          "parameters": [{"$ref": "#/components/parameters/id"}],
          "get": {"summary": "Các bản đăng ký của đợt trong một đơn vị và cấp dưới, xếp theo tên",
            "parameters": [{"name": "unit", "in": "query", "schema": {"type": "integer", "minimum": 1}},
              {"name": "status", "in": "query", "schema": {"type": "string", "enum": ["draft", "submitted", "returned", "approved", "completed"]}},
              {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200}},
              {"name": "after", "in": "query", "schema": {"type": "string"}, "description": "Giá trị next của trang trước"}],
            "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RegistrationList"}}}}}},
          "post": {"summary": "Lưu (và gửi chi bộ) bản đăng ký của mình, hoặc nhập thay đoàn viên", "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RegistrationInput"}}}},
            "responses": {"201": {"description": "Đã tạo", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Registration"}}}},
              "200": {"description": "Đã sửa", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Registration"}}}}}}
        },
        "/rounds/{id}/models": {
          "parameters": [{"$ref": "#/components/parameters/id"}],
          "get": {"summary": "Các mô hình tập thể của đợt trong một đơn vị và cấp dưới",
            "parameters": [{"name": "unit", "in": "query", "schema": {"type": "integer", "minimum": 1}}],
            "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ModelList"}}}}}}
        },
        "/models/{id}": {
          "parameters": [{"$ref": "#/components/parameters/id"}],
          "get": {"summary": "Một mô hình tập thể", "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Model"}}}}}}
        },
        "/sessions": {
          "get": {"summary": "Các buổi học tập, sinh hoạt trong phạm vi (sắp tới trước)",
            "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200}}],
            "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SessionList"}}}}}}
        },
        "/sessions/{id}": {
          "parameters": [{"$ref": "#/components/parameters/id"}],
          "get": {"summary": "Một buổi học tập, sinh hoạt và số liệu điểm danh",
            "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Session"}}}}}}
        },
        "/sessions/{id}/attendance": {
          "parameters": [{"$ref": "#/components/parameters/id"}],
          "get": {"summary": "Danh sách được mời và điểm danh (đoàn viên chỉ thấy dòng của mình)",
            "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AttendeeList"}}}}}},
          "post": {"summary": "Điểm danh (người tổ chức buổi; từ ngày diễn ra)", "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AttendanceInput"}}}},
            "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Session"}}}}}}
        },
        "/attendance": {
          "get": {"summary": "Tỷ lệ có mặt trong năm của một đơn vị và các đơn vị trực thuộc",
            "parameters": [{"name": "unit", "in": "query", "required": true, "schema": {"type": "integer", "minimum": 1}},
              {"name": "year", "in": "query", "schema": {"type": "integer", "minimum": 2000, "maximum": 2100}}],
            "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AttendanceYear"}}}}}}
        },
        "/plans": {
          "get": {"summary": "Kế hoạch năm trong phạm vi, và kế hoạch đã ban hành của cấp trên",
            "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200}}],
            "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PlanList"}}}}}}
        },
        "/plans/{id}": {
          "parameters": [{"$ref": "#/components/parameters/id"}],
          "get": {"summary": "Một kế hoạch, các chỉ tiêu và kết quả, số đơn vị trực thuộc đã ban hành kế hoạch",
            "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Plan"}}}}}}
        },
        "/inspections": {
          "get": {"summary": "Kế hoạch kiểm tra trong năm (đơn vị kiểm tra hoặc được kiểm tra trong phạm vi)",
            "parameters": [{"name": "year", "in": "query", "schema": {"type": "integer", "minimum": 2000, "maximum": 2100}}],
            "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/InspectionList"}}}}}}
        },
        "/inspections/{id}": {
          "parameters": [{"$ref": "#/components/parameters/id"}],
          "get": {"summary": "Một cuộc kiểm tra, kết quả và các việc phải khắc phục",
            "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Inspection"}}}}}}
        },
        "/plan-targets/{id}/progress": {
          "parameters": [{"$ref": "#/components/parameters/id"}],
          "post": {"summary": "Ghi kết quả thực hiện một chỉ tiêu của kế hoạch đã ban hành (đơn vị có kế hoạch)",
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ProgressInput"}}}},
            "responses": {"200": {"description": "Chỉ tiêu với kết quả mới", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PlanTarget"}}}}}}
        },
        "/inspection-corrections/{id}/follow-ups": {
          "parameters": [{"$ref": "#/components/parameters/id"}],
          "post": {"summary": "Ghi việc đã làm để khắc phục (đơn vị được kiểm tra hoặc đơn vị kiểm tra), khi việc còn mở",
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NoteInput"}}}},
            "responses": {"200": {"description": "Việc khắc phục với các lần theo dõi", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/InspectionCorrection"}}}}}}
        },
        "/inspection-corrections/{id}/close": {
          "parameters": [{"$ref": "#/components/parameters/id"}],
          "post": {"summary": "Đóng việc khắc phục với kết quả (chỉ đơn vị kiểm tra)",
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NoteInput"}}}},
            "responses": {"200": {"description": "Việc khắc phục đã đóng", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/InspectionCorrection"}}}}}}
        },
        "/evaluation-rounds": {
          "get": {"summary": "Đợt đánh giá, xếp loại đoàn viên trong phạm vi và của cấp trên",
            "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200}}],
            "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EvaluationRoundList"}}}}}}
        },
        "/evaluation-rounds/{id}": {
          "parameters": [{"$ref": "#/components/parameters/id"}],
          "get": {"summary": "Một đợt đánh giá: mức xếp loại, tỷ lệ khống chế, phiếu điểm, kết quả xếp loại của một đơn vị và các đơn vị trực thuộc một cấp, và các bản đánh giá trong đơn vị đó",
            "parameters": [{"name": "unit", "in": "query", "schema": {"type": "integer", "minimum": 1}, "description": "Mặc định: đơn vị tổ chức đợt nếu trong phạm vi"}],
            "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EvaluationRoundDetail"}}}}}}
        },
        "/registrations/{id}": {
          "parameters": [{"$ref": "#/components/parameters/id"}],
          "get": {"summary": "Một bản đăng ký (cảnh báo chỉ hiện với đoàn viên, người nhập thay và bí thư chi bộ)",
            "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Registration"}}}}}}
        },
        "/directives": {
          "get": {"summary": "Văn bản chỉ đạo trong phạm vi (đơn vị ban hành hoặc nơi nhận trong phạm vi), mới nhất trước",
            "parameters": [{"name": "q", "in": "query", "schema": {"type": "string", "maxLength": 200}, "description": "Số, ký hiệu, chữ trong tên văn bản (không cần dấu)"},
              {"name": "pending", "in": "query", "schema": {"type": "string", "enum": ["true", "false"]}, "description": "true: chỉ văn bản đơn vị của người gọi chưa xác nhận"},
              {"name": "box", "in": "query", "schema": {"type": "string", "enum": ["all", "received", "sent"]}, "description": "received: gửi tới đơn vị của người gọi từ cấp trên; sent: do đơn vị trong phạm vi ban hành"},
              {"name": "after", "in": "query", "schema": {"type": "string"}, "description": "Giá trị next của trang trước"},
              {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200}}],
            "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/DirectiveList"}}}}}}
        },
        "/directives/{id}": {
          "parameters": [{"$ref": "#/components/parameters/id"}],
          "get": {"summary": "Một văn bản chỉ đạo, tệp đính kèm, và tình hình xác nhận của một đơn vị và các đơn vị trực thuộc một cấp",
            "parameters": [{"name": "unit", "in": "query", "schema": {"type": "integer", "minimum": 1}, "description": "Mặc định: đơn vị ban hành nếu trong phạm vi"}],
            "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/DirectiveDetail"}}}}}}
        },
        "/directives/{id}/acknowledgement": {
          "parameters": [{"$ref": "#/components/parameters/id"}],
          "post": {"summary": "Đơn vị nhận xác nhận đã nhận, đã đọc (gọi lại không thay đổi gì)",
            "requestBody": {"required": false, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AcknowledgementInput"}}}},
            "responses": {"201": {"description": "Đã ghi nhận", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Acknowledgement"}}}},
              "200": {"description": "Đã xác nhận từ trước", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Acknowledgement"}}}}}}
        },
        "/registrations/{id}/appraisal": {
          "parameters": [{"$ref": "#/components/parameters/id"}],
          "post": {"summary": "Bí thư chi bộ duyệt hoặc trả lại (kèm lý do)", "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AppraisalInput"}}}},
            "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Registration"}}}}}}
        }
      }
    }
    """
}
