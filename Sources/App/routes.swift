import Vapor

/// Every route, grouped by who may reach it. Paths come from `SiteURL`. Each handler checks the caller's
/// scope itself against the record it touches; `AccessTests` walks this table for every role.
func routes(_ app: Application) throws {
    // Public: health, log-in, the stylesheet.
    app.get(SiteURL.healthz.pathComponents, use: HealthController.check)
    app.get(SiteURL.stylesheet.pathComponents, use: Stylesheet.serve)
    app.get(SiteURL.pickerScript.pathComponents, use: PickerScript.serve)
    app.get(SiteURL.login.pathComponents, use: AuthController.form)
    app.post(SiteURL.login.pathComponents, use: AuthController.login)

    // Signed in.
    let signedIn = app.grouped(SignedInMiddleware())
    signedIn.post(SiteURL.logout.pathComponents, use: AuthController.logout)
    signedIn.get(SiteURL.home.pathComponents, use: HomeController.show)
    signedIn.get(SiteURL.pickUnits.pathComponents, use: PickerController.units)
    signedIn.get(SiteURL.pickMembers.pathComponents, use: PickerController.members)
    signedIn.get(SiteURL.pickCells.pathComponents, use: PickerController.cells)

    do { // units
        signedIn.get(SiteURL.units.pathComponents, use: UnitController.index)
        signedIn.get(SiteURL.unitNew.pathComponents, use: UnitController.newForm)
        signedIn.post(SiteURL.unitNew.pathComponents, use: UnitController.create)
        signedIn.get(SiteURL.unit(.param).pathComponents, use: UnitController.show)
        signedIn.get(SiteURL.unitEdit(.param).pathComponents, use: UnitController.editForm)
        signedIn.post(SiteURL.unitEdit(.param).pathComponents, use: UnitController.update)
        signedIn.post(SiteURL.unitMove(.param).pathComponents, use: UnitController.move)
        signedIn.post(SiteURL.unitMerge(.param).pathComponents, use: UnitController.merge)
        signedIn.post(SiteURL.unitDissolve(.param).pathComponents, use: UnitController.dissolve)
        signedIn.post(SiteURL.unitPartyCells(.param).pathComponents, use: UnitController.createPartyCell)
        signedIn.post(SiteURL.treeChangeReverse(.param).pathComponents, use: TreeChangeController.reverse)
    }
    do { // members
        signedIn.get(SiteURL.members.pathComponents, use: MemberController.index)
        signedIn.get(SiteURL.memberNew.pathComponents, use: MemberController.newForm)
        signedIn.post(SiteURL.memberNew.pathComponents, use: MemberController.create)
        signedIn.get(SiteURL.member(.param).pathComponents, use: MemberController.show)
        signedIn.get(SiteURL.memberEdit(.param).pathComponents, use: MemberController.editForm)
        signedIn.post(SiteURL.memberEdit(.param).pathComponents, use: MemberController.update)
        signedIn.post(SiteURL.memberTransfer(.param).pathComponents, use: MemberController.transfer)
        signedIn.post(SiteURL.memberStatus(.param).pathComponents, use: MemberController.changeStatus)
    }
    do { // users and roles
        signedIn.get(SiteURL.users.pathComponents, use: UserController.index)
        signedIn.post(SiteURL.userNew.pathComponents, use: UserController.create)
        signedIn.post(SiteURL.userGrant(.param).pathComponents, use: UserController.grant)
        signedIn.post(SiteURL.userRevoke(.param).pathComponents, use: UserController.revoke)
        signedIn.post(SiteURL.userDisable(.param).pathComponents, use: UserController.setStatus)
    }
    do { // own account
        signedIn.get(SiteURL.account.pathComponents, use: AccountController.show)
        signedIn.post(SiteURL.accountPassword.pathComponents, use: AccountController.changePassword)
        signedIn.post(SiteURL.accountEmail.pathComponents, use: AccountController.changeEmail)
        signedIn.post(SiteURL.accountTokens.pathComponents, use: AccountController.createToken)
        signedIn.post(SiteURL.accountTokenRevoke(.param).pathComponents, use: AccountController.revokeToken)
    }
    do { // import
        let maxUpload = ByteCount(value: app.config.maxUploadBytes)
        signedIn.get(SiteURL.importPage.pathComponents, use: ImportController.show)
        signedIn.on(.POST, SiteURL.importUpload.pathComponents, body: .collect(maxSize: maxUpload), use: ImportController.upload)
        signedIn.get(SiteURL.importBatch(.param).pathComponents, use: ImportController.batch)
        signedIn.post(SiteURL.importConfirm(.param).pathComponents, use: ImportController.confirm)
        signedIn.get("import", "templates", ":name", use: ImportController.template)
    }
    signedIn.get(SiteURL.audit.pathComponents, use: AuditController.index)
    do { // a member's own corner, and the corrections officials decide
        signedIn.get(SiteURL.me.pathComponents, use: CorrectionController.me)
        signedIn.post(SiteURL.meCorrections.pathComponents, use: CorrectionController.request)
        signedIn.get(SiteURL.corrections.pathComponents, use: CorrectionController.index)
        signedIn.post(SiteURL.correctionApprove(.param).pathComponents, use: CorrectionController.approve)
        signedIn.post(SiteURL.correctionReject(.param).pathComponents, use: CorrectionController.reject)
    }
    do { // register views and exports
        signedIn.get(SiteURL.auditSecurity.pathComponents, use: AuditController.security)
        signedIn.get(SiteURL.auditExport(":format").pathComponents, use: AuditController.export)
        signedIn.get(SiteURL.membersExport(":format").pathComponents, use: ExportController.members)
        signedIn.get(SiteURL.unitsExport(":format").pathComponents, use: ExportController.units)
    }

    do { // registration rounds, registrations, the secretary's desk
        app.get(SiteURL.checkScript.pathComponents, use: CheckScript.serve)
        signedIn.get(SiteURL.rounds.pathComponents, use: RoundController.index)
        signedIn.post(SiteURL.rounds.pathComponents, use: RoundController.create)
        signedIn.get(SiteURL.round(.param).pathComponents, use: RoundController.show)
        signedIn.get(SiteURL.roundMissing(.param).pathComponents, use: RoundController.missing)
        signedIn.get(SiteURL.roundRegister(.param).pathComponents, use: RegistrationController.form)
        signedIn.post(SiteURL.roundRegister(.param).pathComponents, use: RegistrationController.save)
        signedIn.get(SiteURL.registrationCheck.pathComponents, use: RegistrationController.check)
        signedIn.get(SiteURL.registration(.param).pathComponents, use: RegistrationController.show)
        signedIn.post(SiteURL.registrationApprove(.param).pathComponents, use: RegistrationController.approve)
        signedIn.post(SiteURL.registrationReturn(.param).pathComponents, use: RegistrationController.giveBack)
        signedIn.post(SiteURL.registrationComments(.param).pathComponents, use: RegistrationController.comment)
        signedIn.on(.POST, SiteURL.registrationProgress(.param).pathComponents, body: .collect(maxSize: ByteCount(value: Evidence.maxBytes + 1_000_000)),
                    use: RegistrationController.progress)
        signedIn.post(SiteURL.registrationAssess(.param).pathComponents, use: RegistrationController.assess)
        signedIn.get(SiteURL.file(.param).pathComponents, use: RegistrationController.file)
        signedIn.get(SiteURL.desk.pathComponents, use: RegistrationController.desk)
        signedIn.post(SiteURL.roundModels(.param).pathComponents, use: ModelController.propose)
        signedIn.get(SiteURL.model(.param).pathComponents, use: ModelController.show)
        signedIn.post(SiteURL.modelComments(.param).pathComponents, use: ModelController.comment)
        signedIn.post(SiteURL.modelAgree(.param).pathComponents, use: ModelController.agree)
        signedIn.post(SiteURL.modelConfirm(.param).pathComponents, use: ModelController.confirm)
        signedIn.post(SiteURL.modelJoin(.param).pathComponents, use: ModelController.join)
        signedIn.get(SiteURL.registrationDocx(.param).pathComponents, use: RegistrationController.docx)
        signedIn.get(SiteURL.registrationPrint(.param).pathComponents, use: RegistrationController.print)
        signedIn.get(SiteURL.roundDocx(.param).pathComponents, use: RegistrationController.roundDocx)
        signedIn.get(SiteURL.roundPrint(.param).pathComponents, use: RegistrationController.roundPrint)
        signedIn.get(SiteURL.roundImportTemplate(.param).pathComponents, use: RegistrationImportController.template)
        signedIn.on(.POST, SiteURL.roundImport(.param).pathComponents, body: .collect(maxSize: ByteCount(value: app.config.maxUploadBytes)),
                    use: RegistrationImportController.upload)
    }

    do { // yearly plans and their targets
        signedIn.get(SiteURL.plans.pathComponents, use: PlanController.index)
        signedIn.post(SiteURL.plans.pathComponents, use: PlanController.create)
        signedIn.get(SiteURL.plan(.param).pathComponents, use: PlanController.show)
        signedIn.post(SiteURL.planTargets(.param).pathComponents, use: PlanController.addTarget)
        signedIn.post(SiteURL.planPublish(.param).pathComponents, use: PlanController.publish)
        signedIn.post(SiteURL.planTarget(.param).pathComponents, use: PlanController.updateTarget)
        signedIn.post(SiteURL.planTargetProgress(.param).pathComponents, use: PlanController.progress)
    }

    do { // inspection and supervision
        signedIn.get(SiteURL.inspections.pathComponents, use: InspectionController.index)
        signedIn.post(SiteURL.inspections.pathComponents, use: InspectionController.create)
        signedIn.get(SiteURL.inspection(.param).pathComponents, use: InspectionController.show)
        signedIn.post(SiteURL.inspectionFindings(.param).pathComponents, use: InspectionController.findings)
        signedIn.post(SiteURL.inspectionCorrections(.param).pathComponents, use: InspectionController.addCorrection)
        signedIn.post(SiteURL.correctionFollowUp(.param).pathComponents, use: InspectionController.followUp)
        signedIn.post(SiteURL.correctionClose(.param).pathComponents, use: InspectionController.close)
    }

    do { // study sessions and meetings, attendance; the cycle's hub
        signedIn.get(SiteURL.cycle.pathComponents, use: CycleController.index)
        signedIn.get(SiteURL.sessions.pathComponents, use: SessionController.index)
        signedIn.post(SiteURL.sessions.pathComponents, use: SessionController.create)
        signedIn.get(SiteURL.session(.param).pathComponents, use: SessionController.show)
        signedIn.post(SiteURL.sessionAttendance(.param).pathComponents, use: SessionController.mark)
        signedIn.post(SiteURL.sessionAllPresent(.param).pathComponents, use: SessionController.markRestPresent)
        signedIn.get(SiteURL.attendance.pathComponents, use: SessionController.attendance)
        signedIn.get(SiteURL.memberAttendance(.param).pathComponents, use: SessionController.memberAttendance)
        signedIn.get(SiteURL.api(.sessions).pathComponents, use: SessionsAPIController.list)
        signedIn.get(SiteURL.api(.session(.param)).pathComponents, use: SessionsAPIController.get)
        signedIn.get(SiteURL.api(.sessionAttendance(.param)).pathComponents, use: SessionsAPIController.attendees)
        signedIn.post(SiteURL.api(.sessionAttendance(.param)).pathComponents, use: SessionsAPIController.mark)
        signedIn.get(SiteURL.api(.attendance).pathComponents, use: SessionsAPIController.year)
        signedIn.get(SiteURL.api(.plans).pathComponents, use: PlansAPIController.plans)
        signedIn.get(SiteURL.api(.plan(.param)).pathComponents, use: PlansAPIController.plan)
        signedIn.get(SiteURL.api(.inspections).pathComponents, use: PlansAPIController.inspections)
        signedIn.get(SiteURL.api(.inspection(.param)).pathComponents, use: PlansAPIController.inspection)
        signedIn.post(SiteURL.api(.planTargetProgress(.param)).pathComponents, use: PlansAPIController.progress)
        signedIn.post(SiteURL.api(.correctionFollowUp(.param)).pathComponents, use: PlansAPIController.followUp)
        signedIn.post(SiteURL.api(.correctionClose(.param)).pathComponents, use: PlansAPIController.close)
        signedIn.get(SiteURL.api(.evaluationRounds).pathComponents, use: EvaluationsAPIController.rounds)
        signedIn.get(SiteURL.api(.evaluationRound(.param)).pathComponents, use: EvaluationsAPIController.round)
    }

    do { // directive documents
        signedIn.get(SiteURL.directives.pathComponents, use: DirectiveController.index)
        signedIn.on(.POST, SiteURL.directives.pathComponents, body: .collect(maxSize: ByteCount(value: 3 * Evidence.maxBytes + 1_000_000)),
                    use: DirectiveController.create)
        signedIn.get(SiteURL.directiveNew.pathComponents, use: DirectiveController.newForm)
        signedIn.get(SiteURL.directive(.param).pathComponents, use: DirectiveController.show)
        signedIn.post(SiteURL.directiveAcknowledge(.param).pathComponents, use: DirectiveController.acknowledge)
        signedIn.get(SiteURL.directiveFile(.param).pathComponents, use: DirectiveController.file)
        signedIn.get(SiteURL.api(.directives).pathComponents, use: DirectivesAPIController.list)
        signedIn.get(SiteURL.api(.directive(.param)).pathComponents, use: DirectivesAPIController.get)
        signedIn.post(SiteURL.api(.directiveAcknowledgement(.param)).pathComponents, use: DirectivesAPIController.acknowledge)
    }

    do { // evaluation and classification
        signedIn.get(SiteURL.evaluationRounds.pathComponents, use: EvaluationController.index)
        signedIn.get(SiteURL.classificationRules.pathComponents, use: RulesController.index)
        signedIn.post(SiteURL.classificationRules.pathComponents, use: RulesController.create)
        signedIn.get(SiteURL.programmes.pathComponents, use: ProgrammeController.index)
        signedIn.post(SiteURL.programmes.pathComponents, use: ProgrammeController.create)
        signedIn.get(SiteURL.programme(.param).pathComponents, use: ProgrammeController.edit)
        signedIn.post(SiteURL.programme(.param).pathComponents, use: ProgrammeController.update)
        signedIn.get(SiteURL.checkWords.pathComponents, use: CheckWordsController.index)
        signedIn.post(SiteURL.checkWords.pathComponents, use: CheckWordsController.add)
        signedIn.get(SiteURL.checkWordsUnread.pathComponents, use: CheckWordsController.unread)
        signedIn.post(SiteURL.checkWordRemove(.param).pathComponents, use: CheckWordsController.remove)
        signedIn.post(SiteURL.evaluationRounds.pathComponents, use: EvaluationController.create)
        signedIn.get(SiteURL.evaluationRound(.param).pathComponents, use: EvaluationController.show)
        signedIn.get(SiteURL.evaluationRoundAssess(.param).pathComponents, use: EvaluationController.assessForm)
        signedIn.post(SiteURL.evaluationRoundAssess(.param).pathComponents, use: EvaluationController.assessSave)
        signedIn.post(SiteURL.evaluationRoundApprove(.param).pathComponents, use: EvaluationController.approve)
        signedIn.post(SiteURL.evaluationRoundReopen(.param).pathComponents, use: EvaluationController.reopen)
        signedIn.post(SiteURL.evaluationRoundCap(.param).pathComponents, use: EvaluationController.cap)
        signedIn.get(SiteURL.evaluation(.param).pathComponents, use: EvaluationController.showEvaluation)
        signedIn.post(SiteURL.evaluationReview(.param).pathComponents, use: EvaluationController.review)
        signedIn.get(SiteURL.evaluationRoundUnitAssess(.param).pathComponents, use: UnitEvaluationController.assessForm)
        signedIn.post(SiteURL.evaluationRoundUnitAssess(.param).pathComponents, use: UnitEvaluationController.assessSave)
        signedIn.get(SiteURL.unitEvaluation(.param).pathComponents, use: UnitEvaluationController.show)
        signedIn.post(SiteURL.unitEvaluationReview(.param).pathComponents, use: UnitEvaluationController.review)
    }

    do { // JSON API
        app.get(SiteURL.api(.openapi).pathComponents, use: OpenAPIController.document)
        signedIn.get(SiteURL.api(.units).pathComponents, use: UnitsAPIController.list)
        signedIn.post(SiteURL.api(.units).pathComponents, use: UnitsAPIController.create)
        signedIn.get(SiteURL.api(.unit(.param)).pathComponents, use: UnitsAPIController.get)
        signedIn.patch(SiteURL.api(.unit(.param)).pathComponents, use: UnitsAPIController.update)
        signedIn.get(SiteURL.api(.members).pathComponents, use: MembersAPIController.list)
        signedIn.post(SiteURL.api(.members).pathComponents, use: MembersAPIController.create)
        signedIn.get(SiteURL.api(.member(.param)).pathComponents, use: MembersAPIController.get)
        signedIn.patch(SiteURL.api(.member(.param)).pathComponents, use: MembersAPIController.update)
        signedIn.get(SiteURL.api(.rounds).pathComponents, use: RegistrationsAPIController.rounds)
        signedIn.get(SiteURL.api(.roundCoverage(.param)).pathComponents, use: RegistrationsAPIController.coverage)
        signedIn.get(SiteURL.api(.roundRegistrations(.param)).pathComponents, use: RegistrationsAPIController.list)
        signedIn.post(SiteURL.api(.roundRegistrations(.param)).pathComponents, use: RegistrationsAPIController.save)
        signedIn.get(SiteURL.api(.registration(.param)).pathComponents, use: RegistrationsAPIController.get)
        signedIn.post(SiteURL.api(.registrationAppraisal(.param)).pathComponents, use: RegistrationsAPIController.appraise)
        signedIn.get(SiteURL.api(.roundModels(.param)).pathComponents, use: RegistrationsAPIController.models)
        signedIn.get(SiteURL.api(.model(.param)).pathComponents, use: RegistrationsAPIController.model)
    }
}

/// Deny by default: everything in the signed-in group needs a principal.
struct SignedInMiddleware: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard req.principal != nil else { throw Abort(.unauthorized) }
        return try await next.respond(to: req)
    }
}
