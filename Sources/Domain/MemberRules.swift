import Foundation

/// One member row exactly as read from a spreadsheet or form: every value is text, blank is "".
public struct MemberInput: Sendable {
    public var fullName: String
    public var birthDate: String
    public var gender: String
    public var ethnicity: String
    public var citizenID: String
    public var unitCode: String
    public var unionJoinDate: String
    public var cardNumber: String
    public var position: String
    public var duties: String
    public var education: String
    public var politicalTheory: String
    public var partyJoinDate: String
    public var phone: String
    public var email: String
    public var nationality: String
    public var passportNumber: String

    public init(
        fullName: String = "", birthDate: String = "", gender: String = "", ethnicity: String = "",
        citizenID: String = "", unitCode: String = "", unionJoinDate: String = "", cardNumber: String = "",
        position: String = "", duties: String = "", education: String = "", politicalTheory: String = "",
        partyJoinDate: String = "", phone: String = "", email: String = "",
        nationality: String = "Việt Nam", passportNumber: String = ""
    ) {
        self.fullName = fullName
        self.birthDate = birthDate
        self.gender = gender
        self.ethnicity = ethnicity
        self.citizenID = citizenID
        self.unitCode = unitCode
        self.unionJoinDate = unionJoinDate
        self.cardNumber = cardNumber
        self.position = position
        self.duties = duties
        self.education = education
        self.politicalTheory = politicalTheory
        self.partyJoinDate = partyJoinDate
        self.phone = phone
        self.email = email
        self.nationality = nationality
        self.passportNumber = passportNumber
    }
}

/// A validated member row with typed, normalised values, ready to store.
public struct MemberDraft: Sendable, Equatable {
    public var fullName: String
    public var familyName: String
    public var givenName: String
    public var birthDate: CivilDate
    public var gender: Gender
    public var ethnicity: String?
    public var citizenID: String?
    public var passportNumber: String?
    public var nationality: String
    public var unitCode: String
    public var unionJoinDate: CivilDate
    public var cardNumber: String?
    public var position: String?
    public var duties: String?
    public var education: EducationLevel
    public var politicalTheory: PoliticalTheory?
    public var partyJoinDate: CivilDate?
    public var phone: String?
    public var email: String?
    public var sortKey: String
    public var searchName: String

    public init(
        fullName: String, familyName: String, givenName: String, birthDate: CivilDate, gender: Gender,
        ethnicity: String?, citizenID: String?, passportNumber: String?, nationality: String, unitCode: String,
        unionJoinDate: CivilDate, cardNumber: String?, position: String?, duties: String?,
        education: EducationLevel, politicalTheory: PoliticalTheory?, partyJoinDate: CivilDate?,
        phone: String?, email: String?, sortKey: String, searchName: String
    ) {
        self.fullName = fullName
        self.familyName = familyName
        self.givenName = givenName
        self.birthDate = birthDate
        self.gender = gender
        self.ethnicity = ethnicity
        self.citizenID = citizenID
        self.passportNumber = passportNumber
        self.nationality = nationality
        self.unitCode = unitCode
        self.unionJoinDate = unionJoinDate
        self.cardNumber = cardNumber
        self.position = position
        self.duties = duties
        self.education = education
        self.politicalTheory = politicalTheory
        self.partyJoinDate = partyJoinDate
        self.phone = phone
        self.email = email
        self.sortKey = sortKey
        self.searchName = searchName
    }
}

/// A problem with one field of a row. `field` is the Vietnamese column header, so an import report
/// can point at the exact cell the user has to fix.
public struct FieldError: Sendable, Equatable {
    public let field: String
    public let message: String

    /// What a form or a report shows: the label once, then what is wrong.
    public var sentence: String { message.hasPrefix(field) ? message : "\(field): \(message)" }

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

/// Lets a row's complete list of problems be the failure of a `Result`.
extension Array: @retroactive Error where Element == FieldError {}

public enum MemberRules {

    /// Column headers, also used as `FieldError.field`.
    public enum Field {
        public static let fullName = "Họ và tên"
        public static let birthDate = "Ngày sinh"
        public static let gender = "Giới tính"
        public static let ethnicity = "Dân tộc"
        public static let citizenID = "Số CCCD"
        public static let unitCode = "Mã đơn vị"
        public static let unionJoinDate = "Ngày vào Công đoàn"
        public static let cardNumber = "Số thẻ đoàn viên"
        public static let position = "Chức vụ"
        public static let duties = "Nhiệm vụ được giao"
        public static let education = "Trình độ chuyên môn"
        public static let politicalTheory = "Lý luận chính trị"
        public static let partyJoinDate = "Ngày vào Đảng"
        public static let phone = "Số điện thoại"
        public static let email = "Email"
        public static let nationality = "Quốc tịch"
        public static let passportNumber = "Số hộ chiếu"
    }

    public static let minimumAge = 15
    public static let maximumAge = 100
    /// Party membership requires being 18 (Điều lệ Đảng, Article 1).
    public static let minimumPartyAge = 18
    public static let vietnamNationality = "Việt Nam"

    /// Validates one row and reports every problem in it at once, so a user fixing an import file does
    /// not have to resubmit it once per mistake. `today` is passed in to keep results reproducible.
    public static func validate(_ input: MemberInput, today: CivilDate) -> Result<MemberDraft, [FieldError]> {
        var errors: [FieldError] = []
        func fail(_ field: String, _ message: String) {
            errors.append(FieldError(field: field, message: message))
        }

        // Full name
        let fullName = VietnameseText.clean(input.fullName)
        if let problem = FieldRules.nameProblem(fullName) { fail(Field.fullName, problem) }

        // Birth date and age
        let birthDate = requiredDate(input.birthDate, field: Field.birthDate, fail: fail)
        if let birth = birthDate {
            let age = birth.years(until: today)
            if birth > today {
                fail(Field.birthDate, "Ngày sinh \(birth.vietnamese) ở sau ngày hôm nay (\(today.vietnamese)); cần là một ngày đã qua.")
            } else if age < minimumAge || age > maximumAge {
                fail(Field.birthDate, "Tuổi phải từ \(minimumAge) đến \(maximumAge) (tính đến ngày \(today.vietnamese)); ngày sinh \(birth.vietnamese) cho \(age) tuổi.")
            }
        }

        // Gender
        let genderText = VietnameseText.clean(input.gender)
        let gender = Gender.parse(genderText)
        if genderText.isEmpty {
            fail(Field.gender, "Giới tính không được để trống; cần ghi Nam hoặc Nữ.")
        } else if gender == nil {
            fail(Field.gender, "Giới tính \"\(VietnameseText.excerpt(genderText))\" không hợp lệ; cần ghi Nam hoặc Nữ.")
        }

        // Ethnicity
        let ethnicityText = VietnameseText.clean(input.ethnicity)
        let ethnicity = Ethnicity.canonical(ethnicityText)
        if !ethnicityText.isEmpty, ethnicity == nil {
            fail(Field.ethnicity, "Dân tộc \"\(VietnameseText.excerpt(ethnicityText))\" không thuộc danh mục 54 dân tộc Việt Nam; cần ghi đúng tên dân tộc (ví dụ Kinh, Tày, Thái, Mường) hoặc để trống.")
        }

        // Nationality decides which identity document is required.
        let nationalityText = VietnameseText.clean(input.nationality)
        let foldedNationality = String(VietnameseText.fold(nationalityText).filter { $0 != " " })
        let isVietnamese = foldedNationality.isEmpty || foldedNationality == "vietnam"
        let nationality = isVietnamese ? vietnamNationality : nationalityText
        if nationality.count > 100 {
            fail(Field.nationality, "Quốc tịch dài \(nationality.count) ký tự; tối đa 100 ký tự.")
        }

        let citizenText = String(VietnameseText.clean(input.citizenID).filter { $0 != " " })
        let passportText = VietnameseText.clean(input.passportNumber).uppercased()
        var citizenID: String? = nil
        if isVietnamese {
            if citizenText.isEmpty {
                fail(Field.citizenID, "Số CCCD không được để trống với người có quốc tịch Việt Nam; cần đủ 12 chữ số.")
            } else if let problem = CitizenID.problem(citizenText, gender: gender, birthYear: birthDate?.year) {
                // Excel stores a CCCD typed into a number cell as a number and drops its leading zero.
                let hint = citizenText.count == 11 && citizenText.allSatisfy(\.isASCIIDigit)
                    ? " Có thể chữ số 0 ở đầu đã bị mất do ô Excel định dạng kiểu số; hãy định dạng cột là văn bản (Text)."
                    : ""
                fail(Field.citizenID, problem + hint)
            } else {
                citizenID = citizenText
            }
            if !passportText.isEmpty, let problem = passportProblem(passportText) {
                fail(Field.passportNumber, problem)
            }
        } else {
            if !citizenText.isEmpty {
                fail(Field.citizenID, "Người có quốc tịch \(nationality) không có Số CCCD; cần để trống Số CCCD và ghi Số hộ chiếu.")
            }
            if passportText.isEmpty {
                fail(Field.passportNumber, "Số hộ chiếu không được để trống với người có quốc tịch \(nationality); cần từ 5 đến 20 chữ cái không dấu hoặc chữ số.")
            } else if let problem = passportProblem(passportText) {
                fail(Field.passportNumber, problem)
            }
        }

        // Unit
        let unitCode = VietnameseText.clean(input.unitCode)
        if let problem = FieldRules.unitCodeProblem(unitCode) { fail(Field.unitCode, problem) }

        // Union join date
        let unionJoinDate = requiredDate(input.unionJoinDate, field: Field.unionJoinDate, fail: fail)
        if let joined = unionJoinDate {
            checkJoinDate(joined, field: Field.unionJoinDate, birth: birthDate, minimumAge: minimumAge,
                          today: today, fail: fail)
        }

        // Free text
        let cardNumber = optionalText(input.cardNumber, field: Field.cardNumber, maxLength: 30, fail: fail)
        let position = optionalText(input.position, field: Field.position, maxLength: 500, fail: fail)
        let duties = optionalText(input.duties, field: Field.duties, maxLength: 500, fail: fail)

        // Education
        let educationText = VietnameseText.clean(input.education)
        let education = EducationLevel.parse(educationText)
        let educationChoices = EducationLevel.allCases.map(\.label).joined(separator: ", ")
        if educationText.isEmpty {
            fail(Field.education, "Trình độ chuyên môn không được để trống; cần ghi một trong: \(educationChoices).")
        } else if education == nil {
            fail(Field.education, "Trình độ chuyên môn \"\(VietnameseText.excerpt(educationText))\" không hợp lệ; cần ghi một trong: \(educationChoices).")
        }

        // Political theory
        let theoryText = VietnameseText.clean(input.politicalTheory)
        let politicalTheory = theoryText.isEmpty ? nil : PoliticalTheory.parse(theoryText)
        if !theoryText.isEmpty, politicalTheory == nil {
            let choices = PoliticalTheory.allCases.map(\.label).joined(separator: ", ")
            fail(Field.politicalTheory, "Lý luận chính trị \"\(VietnameseText.excerpt(theoryText))\" không hợp lệ; cần để trống hoặc ghi một trong: \(choices).")
        }

        // Party join date
        var partyJoinDate: CivilDate? = nil
        let partyText = VietnameseText.clean(input.partyJoinDate)
        if !partyText.isEmpty {
            if let joined = parseDate(partyText) {
                partyJoinDate = joined
                checkJoinDate(joined, field: Field.partyJoinDate, birth: birthDate, minimumAge: minimumPartyAge,
                              today: today, fail: fail)
            } else {
                fail(Field.partyJoinDate, invalidDateMessage(Field.partyJoinDate, partyText))
            }
        }

        // Contact
        let phoneText = VietnameseText.clean(input.phone)
        var phone: String? = nil
        if !phoneText.isEmpty {
            if let problem = FieldRules.phoneProblem(phoneText) {
                fail(Field.phone, problem)
            } else {
                phone = FieldRules.normalizePhone(phoneText)
            }
        }
        let emailText = VietnameseText.clean(input.email)
        var email: String? = nil
        if !emailText.isEmpty {
            if let problem = FieldRules.emailProblem(emailText) {
                fail(Field.email, problem)
            } else {
                email = emailText.lowercased()
            }
        }

        guard errors.isEmpty, let birthDate, let gender, let unionJoinDate, let education else {
            return .failure(errors)
        }
        let (familyName, givenName) = VietnameseText.splitName(fullName)
        return .success(MemberDraft(
            fullName: fullName, familyName: familyName, givenName: givenName, birthDate: birthDate,
            gender: gender, ethnicity: ethnicity, citizenID: citizenID,
            passportNumber: passportText.isEmpty ? nil : passportText, nationality: nationality,
            unitCode: unitCode, unionJoinDate: unionJoinDate, cardNumber: cardNumber, position: position,
            duties: duties, education: education, politicalTheory: politicalTheory, partyJoinDate: partyJoinDate,
            phone: phone, email: email,
            sortKey: VietnameseText.nameSortKey(fullName: fullName), searchName: VietnameseText.fold(fullName)))
    }

    // MARK: Helpers

    /// dd/mm/yyyy as documented; yyyy-mm-dd is also taken because spreadsheet readers and HTML date
    /// inputs produce it, and it cannot be confused with the Vietnamese form.
    static func parseDate(_ text: String) -> CivilDate? {
        CivilDate(vietnamese: text) ?? CivilDate(iso: VietnameseText.clean(text))
    }

    private static func invalidDateMessage(_ field: String, _ text: String) -> String {
        if case .failure(let problem) = CivilDate.read(text) { return problem.message }
        return "\"\(VietnameseText.excerpt(text))\" không phải một ngày."
    }

    private static func requiredDate(_ raw: String, field: String, fail: (String, String) -> Void) -> CivilDate? {
        switch CivilDate.read(raw) {
        case .success(let date): return date
        case .failure(let problem):
            fail(field, problem.message)
            return nil
        }
    }

    private static func checkJoinDate(
        _ joined: CivilDate, field: String, birth: CivilDate?, minimumAge: Int, today: CivilDate,
        fail: (String, String) -> Void
    ) {
        if joined > today {
            fail(field, "\(field) \(joined.vietnamese) ở sau ngày hôm nay (\(today.vietnamese)); cần là một ngày đã qua.")
        } else if let birth, joined < birth.anniversary(years: minimumAge) {
            let threshold = birth.anniversary(years: minimumAge).vietnamese
            fail(field, "\(field) \(joined.vietnamese) sớm hơn ngày đủ \(minimumAge) tuổi (\(threshold)); cần từ ngày \(threshold) trở đi.")
        }
    }

    private static func optionalText(
        _ raw: String, field: String, maxLength: Int, fail: (String, String) -> Void
    ) -> String? {
        let text = VietnameseText.clean(raw)
        if text.isEmpty { return nil }
        if text.count > maxLength {
            fail(field, "\(field) dài \(text.count) ký tự; tối đa \(maxLength) ký tự.")
        }
        return text
    }

    private static func passportProblem(_ passport: String) -> String? {
        let valid = (5...20).contains(passport.count) && passport.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "A"..."Z", "0"..."9": true
            default: false
            }
        }
        return valid ? nil
            : "Số hộ chiếu \"\(VietnameseText.excerpt(passport))\" không hợp lệ; cần từ 5 đến 20 chữ cái không dấu hoặc chữ số, không có dấu cách."
    }
}
