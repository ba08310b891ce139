import Vapor

/// The API's description, written by hand and checked by a test against the registered routes.
enum OpenAPIController {
    @Sendable
    static func document(req: Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(string: spec))
    }

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
          "MemberList": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Member"}},
            "total": {"type": "integer", "nullable": true}, "next": {"type": "string", "nullable": true, "description": "Giá trị cho tham số after của trang sau"}}}
        },
        "parameters": {
          "id": {"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}
        },
        "responses": {
          "NotFound": {"description": "Không có, hoặc ngoài phạm vi của người gọi", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "Invalid": {"description": "Dữ liệu không hợp lệ", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ValidationFailure"}}}},
          "Unauthorized": {"description": "Chưa đăng nhập", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        }
      },
      "paths": {
        "/units": {
          "get": {"summary": "Danh sách đơn vị", "parameters": [
              {"name": "q", "in": "query", "schema": {"type": "string"}}, {"name": "parent", "in": "query", "schema": {"type": "integer"}},
              {"name": "under", "in": "query", "schema": {"type": "integer"}}, {"name": "after", "in": "query", "schema": {"type": "integer"}},
              {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 500}}],
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
              {"name": "under", "in": "query", "schema": {"type": "integer"}, "description": "Chỉ đơn vị này và cấp dưới"},
              {"name": "gender", "in": "query", "schema": {"type": "string", "enum": ["male", "female"]}},
              {"name": "education", "in": "query", "schema": {"type": "string"}},
              {"name": "party", "in": "query", "schema": {"type": "string", "enum": ["yes", "no"]}},
              {"name": "status", "in": "query", "schema": {"type": "string", "enum": ["active", "suspended", "transferred", "left", "all"]}},
              {"name": "after", "in": "query", "schema": {"type": "string"}},
              {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 200}}],
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
        }
      }
    }
    """
}
