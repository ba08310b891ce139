import Vapor

/// Every path of the site in one place: routes are registered from these and links are built from them, so
/// the two cannot drift apart.
enum SiteURL: Sendable {
    /// A path parameter: `.param` when registering a route, `.id(n)` when building a link.
    enum Ref: Sendable { case param, id(Int) }

    case home, login, logout, healthz, stylesheet, pickerScript, pickUnits, pickMembers, pickCells
    case units, unit(Ref), unitNew, unitEdit(Ref), unitMove(Ref), unitMerge(Ref), unitDissolve(Ref), unitPartyCells(Ref), treeChangeReverse(Ref)
    case members, member(Ref), memberNew, memberEdit(Ref), memberTransfer(Ref), memberStatus(Ref)
    case users, userNew, user(Ref), userGrant(Ref), userRevoke(Ref), userDisable(Ref)
    case account, accountPassword, accountEmail, accountTokens, accountTokenRevoke(Ref)
    case importPage, importUpload, importBatch(Ref), importConfirm(Ref), importTemplate(String)
    case audit
    case me, meCorrections, corrections, correctionApprove(Ref), correctionReject(Ref)
    case auditSecurity, auditExport(String), membersExport(String), unitsExport(String)
    case rounds, round(Ref), roundMissing(Ref), roundRegister(Ref), roundPrint(Ref), roundDocx(Ref), roundImport(Ref), roundImportTemplate(Ref)
    case registration(Ref), registrationApprove(Ref), registrationReturn(Ref), registrationComments(Ref), registrationProgress(Ref)
    case registrationAssess(Ref), registrationDocx(Ref), registrationPrint(Ref), registrationCheck, checkScript, file(Ref), desk
    case roundModels(Ref), model(Ref), modelComments(Ref), modelAgree(Ref), modelConfirm(Ref), modelJoin(Ref)
    case plans, plan(Ref), planTargets(Ref), planPublish(Ref), planTarget(Ref), planTargetProgress(Ref)
    case inspections, inspection(Ref), inspectionFindings(Ref), inspectionCorrections(Ref), correctionFollowUp(Ref), correctionClose(Ref)
    case programmes, programme(Ref), checkWords, checkWordsUnread, checkWordRemove(Ref)
    case cycle, sessions, session(Ref), sessionAttendance(Ref), sessionAllPresent(Ref), attendance, memberAttendance(Ref)
    case directives, directiveNew, directive(Ref), directiveAcknowledge(Ref), directiveFile(Ref)
    case evaluationRounds, evaluationRound(Ref), evaluationRoundAssess(Ref), evaluationRoundApprove(Ref), evaluationRoundReopen(Ref)
    case classificationRules, evaluationRoundCap(Ref), evaluation(Ref), evaluationReview(Ref), evaluationRoundUnitAssess(Ref), unitEvaluation(Ref), unitEvaluationReview(Ref)
    case api(API)

    enum API: Sendable {
        case openapi, units, unit(Ref), members, member(Ref)
        case rounds, roundCoverage(Ref), roundRegistrations(Ref), registration(Ref), registrationAppraisal(Ref), roundModels(Ref), model(Ref)
        case sessions, session(Ref), sessionAttendance(Ref), attendance, plans, plan(Ref), inspections, inspection(Ref), evaluationRounds, evaluationRound(Ref)
        case directives, directive(Ref), directiveAcknowledgement(Ref)
        case planTargetProgress(Ref), correctionFollowUp(Ref), correctionClose(Ref)
    }

    var path: String {
        switch self {
        case .home: "/"
        case .login: "/login"
        case .logout: "/logout"
        case .healthz: "/healthz"
        case .stylesheet: "/static/app.css"
        case .pickerScript: "/static/picker.js"
        case .pickUnits: "/pick/units"
        case .pickMembers: "/pick/members"
        case .pickCells: "/pick/cells"
        case .units: "/units"
        case .unit(let r): "/units/\(r.text)"
        case .unitNew: "/units/new"
        case .unitEdit(let r): "/units/\(r.text)/edit"
        case .unitMove(let r): "/units/\(r.text)/move"
        case .unitMerge(let r): "/units/\(r.text)/merge"
        case .unitDissolve(let r): "/units/\(r.text)/dissolve"
        case .unitPartyCells(let r): "/units/\(r.text)/party-cells"
        case .treeChangeReverse(let r): "/tree-changes/\(r.text)/reverse"
        case .members: "/members"
        case .member(let r): "/members/\(r.text)"
        case .memberNew: "/members/new"
        case .memberEdit(let r): "/members/\(r.text)/edit"
        case .memberTransfer(let r): "/members/\(r.text)/transfer"
        case .memberStatus(let r): "/members/\(r.text)/status"
        case .users: "/users"
        case .userNew: "/users/new"
        case .user(let r): "/users/\(r.text)"
        case .userGrant(let r): "/users/\(r.text)/roles"
        case .userRevoke(let r): "/users/\(r.text)/roles/revoke"
        case .userDisable(let r): "/users/\(r.text)/status"
        case .account: "/account"
        case .accountPassword: "/account/password"
        case .accountEmail: "/account/email"
        case .accountTokens: "/account/tokens"
        case .accountTokenRevoke(let r): "/account/tokens/\(r.text)/revoke"
        case .importPage: "/import"
        case .importUpload: "/import/upload"
        case .importBatch(let r): "/import/\(r.text)"
        case .importConfirm(let r): "/import/\(r.text)/confirm"
        case .importTemplate(let name): "/import/templates/\(name)"
        case .audit: "/audit"
        case .me: "/me"
        case .meCorrections: "/me/corrections"
        case .corrections: "/corrections"
        case .correctionApprove(let r): "/corrections/\(r.text)/approve"
        case .correctionReject(let r): "/corrections/\(r.text)/reject"
        case .auditSecurity: "/audit/security"
        case .auditExport(let format): "/audit/export/\(format)"
        case .membersExport(let format): "/members/export/\(format)"
        case .unitsExport(let format): "/units/export/\(format)"
        case .rounds: "/rounds"
        case .round(let r): "/rounds/\(r.text)"
        case .roundMissing(let r): "/rounds/\(r.text)/missing"
        case .roundRegister(let r): "/rounds/\(r.text)/register"
        case .roundPrint(let r): "/rounds/\(r.text)/print"
        case .roundDocx(let r): "/rounds/\(r.text)/registrations.docx"
        case .roundImport(let r): "/rounds/\(r.text)/import"
        case .roundImportTemplate(let r): "/rounds/\(r.text)/import/mau-dang-ky.xlsx"
        case .registration(let r): "/registrations/\(r.text)"
        case .registrationApprove(let r): "/registrations/\(r.text)/approve"
        case .registrationReturn(let r): "/registrations/\(r.text)/return"
        case .registrationComments(let r): "/registrations/\(r.text)/comments"
        case .registrationProgress(let r): "/registrations/\(r.text)/progress"
        case .registrationAssess(let r): "/registrations/\(r.text)/assess"
        case .registrationDocx(let r): "/registrations/\(r.text)/form.docx"
        case .registrationPrint(let r): "/registrations/\(r.text)/print"
        case .registrationCheck: "/registrations/check"
        case .checkScript: "/static/check.js"
        case .file(let r): "/files/\(r.text)"
        case .desk: "/desk"
        case .roundModels(let r): "/rounds/\(r.text)/models"
        case .model(let r): "/models/\(r.text)"
        case .modelComments(let r): "/models/\(r.text)/comments"
        case .modelAgree(let r): "/models/\(r.text)/agree"
        case .modelConfirm(let r): "/models/\(r.text)/confirm"
        case .modelJoin(let r): "/models/\(r.text)/join"
        case .cycle: "/cycle"
        case .inspections: "/inspections"
        case .inspection(let r): "/inspections/\(r.text)"
        case .inspectionFindings(let r): "/inspections/\(r.text)/findings"
        case .inspectionCorrections(let r): "/inspections/\(r.text)/corrections"
        case .correctionFollowUp(let r): "/inspection-corrections/\(r.text)/follow-up"
        case .correctionClose(let r): "/inspection-corrections/\(r.text)/close"
        case .plans: "/plans"
        case .plan(let r): "/plans/\(r.text)"
        case .planTargets(let r): "/plans/\(r.text)/targets"
        case .planPublish(let r): "/plans/\(r.text)/publish"
        case .planTarget(let r): "/plan-targets/\(r.text)"
        case .planTargetProgress(let r): "/plan-targets/\(r.text)/progress"
        case .sessions: "/sessions"
        case .session(let r): "/sessions/\(r.text)"
        case .sessionAttendance(let r): "/sessions/\(r.text)/attendance"
        case .sessionAllPresent(let r): "/sessions/\(r.text)/attendance/rest-present"
        case .attendance: "/attendance"
        case .memberAttendance(let r): "/members/\(r.text)/attendance"
        case .directives: "/directives"
        case .directiveNew: "/directives/new"
        case .directive(let r): "/directives/\(r.text)"
        case .directiveAcknowledge(let r): "/directives/\(r.text)/acknowledge"
        case .directiveFile(let r): "/directive-files/\(r.text)"
        case .evaluationRounds: "/evaluation-rounds"
        case .classificationRules: "/classification-rules"
        case .programmes: "/programmes"
        case .programme(let r): "/programmes/\(r.text)"
        case .checkWords: "/check-words"
        case .checkWordsUnread: "/check-words/unread"
        case .checkWordRemove(let r): "/check-words/\(r.text)/remove"
        case .evaluationRound(let r): "/evaluation-rounds/\(r.text)"
        case .evaluationRoundAssess(let r): "/evaluation-rounds/\(r.text)/assess"
        case .evaluationRoundApprove(let r): "/evaluation-rounds/\(r.text)/approve"
        case .evaluationRoundReopen(let r): "/evaluation-rounds/\(r.text)/reopen"
        case .evaluationRoundCap(let r): "/evaluation-rounds/\(r.text)/cap"
        case .evaluation(let r): "/evaluations/\(r.text)"
        case .evaluationReview(let r): "/evaluations/\(r.text)/review"
        case .evaluationRoundUnitAssess(let r): "/evaluation-rounds/\(r.text)/unit-assess"
        case .unitEvaluation(let r): "/unit-evaluations/\(r.text)"
        case .unitEvaluationReview(let r): "/unit-evaluations/\(r.text)/review"
        case .api(let api):
            switch api {
            case .openapi: "/api/v1/openapi.json"
            case .units: "/api/v1/units"
            case .unit(let r): "/api/v1/units/\(r.text)"
            case .members: "/api/v1/members"
            case .member(let r): "/api/v1/members/\(r.text)"
            case .rounds: "/api/v1/rounds"
            case .roundCoverage(let r): "/api/v1/rounds/\(r.text)/coverage"
            case .roundRegistrations(let r): "/api/v1/rounds/\(r.text)/registrations"
            case .registration(let r): "/api/v1/registrations/\(r.text)"
            case .registrationAppraisal(let r): "/api/v1/registrations/\(r.text)/appraisal"
            case .roundModels(let r): "/api/v1/rounds/\(r.text)/models"
            case .model(let r): "/api/v1/models/\(r.text)"
            case .sessions: "/api/v1/sessions"
            case .session(let r): "/api/v1/sessions/\(r.text)"
            case .sessionAttendance(let r): "/api/v1/sessions/\(r.text)/attendance"
            case .attendance: "/api/v1/attendance"
            case .plans: "/api/v1/plans"
            case .plan(let r): "/api/v1/plans/\(r.text)"
            case .inspections: "/api/v1/inspections"
            case .inspection(let r): "/api/v1/inspections/\(r.text)"
            case .evaluationRounds: "/api/v1/evaluation-rounds"
            case .evaluationRound(let r): "/api/v1/evaluation-rounds/\(r.text)"
            case .directives: "/api/v1/directives"
            case .directive(let r): "/api/v1/directives/\(r.text)"
            case .directiveAcknowledgement(let r): "/api/v1/directives/\(r.text)/acknowledgement"
            case .planTargetProgress(let r): "/api/v1/plan-targets/\(r.text)/progress"
            case .correctionFollowUp(let r): "/api/v1/inspection-corrections/\(r.text)/follow-ups"
            case .correctionClose(let r): "/api/v1/inspection-corrections/\(r.text)/close"
            }
        }
    }

    var pathComponents: [PathComponent] { path.pathComponents }

    func with(_ items: [(String, String)]) -> String {
        guard !items.isEmpty else { return path }
        var c = URLComponents()
        c.queryItems = items.map { URLQueryItem(name: $0.0, value: $0.1) }
        return path + "?" + (c.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
    }
}

extension SiteURL.Ref {
    var text: String {
        switch self {
        case .param: ":id"
        case .id(let n): String(n)
        }
    }
}

extension Request {
    /// The `:id` parameter; a malformed one is a 404 like any other unknown record.
    func id() throws -> Int {
        guard let text = parameters.get("id"), let id = Int(text), id > 0 else { throw Abort(.notFound) }
        return id
    }
}
