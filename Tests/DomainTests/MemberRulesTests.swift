import Testing
import Domain

@Suite struct MemberRulesTests {
    static let today = CivilDate(year: 2022, month: 8, day: 5)!

    /// A fully valid row, written the untidy way real files are (NFD name, extra spaces, mixed case).
    static let validInput = MemberInput(
        fullName: " Nguye\u{0302}\u{0303}n  Thi\u{0323} \u{00A0}Đào ", birthDate: "15/3/1990", gender: "nữ",
        ethnicity: "kinh", citizenID: " 001190012345 ", unitCode: "CD-HN.01", unionJoinDate: "01/07/2012",
        cardNumber: "  TV-000123 ", position: "Tổ  trưởng", duties: "", education: "đại học",
        politicalTheory: "trung cấp", partyJoinDate: "19/05/2015", phone: "+84 912 345 678",
        email: "Dao.Nguyen@Example.VN")

    static let allowedFields: Set<String> = [
        "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Số CCCD", "Mã đơn vị", "Ngày vào Công đoàn",
        "Số thẻ đoàn viên", "Chức vụ", "Nhiệm vụ được giao", "Trình độ chuyên môn", "Lý luận chính trị",
        "Ngày vào Đảng", "Số điện thoại", "Email", "Quốc tịch", "Số hộ chiếu",
    ]

    func validate(_ input: MemberInput) -> Result<MemberDraft, [FieldError]> {
        MemberRules.validate(input, today: Self.today)
    }

    @Test func fullyValidRow() throws {
        let draft = try validate(Self.validInput).get()
        let expected = MemberDraft(
            fullName: "Nguyễn Thị Đào", familyName: "Nguyễn Thị", givenName: "Đào",
            birthDate: CivilDate(year: 1990, month: 3, day: 15)!, gender: .female, ethnicity: "Kinh",
            citizenID: "001190012345", passportNumber: nil, nationality: "Việt Nam", unitCode: "CD-HN.01",
            unionJoinDate: CivilDate(year: 2012, month: 7, day: 1)!, cardNumber: "TV-000123", position: "Tổ trưởng",
            duties: nil, education: .bachelor, politicalTheory: .intermediate,
            partyJoinDate: CivilDate(year: 2015, month: 5, day: 19)!, phone: "0912345678",
            email: "dao.nguyen@example.vn", sortKey: VietnameseText.nameSortKey(fullName: "Nguyễn Thị Đào"),
            searchName: "nguyen thi dao")
        #expect(draft == expected)
        // Stored NFC, byte for byte, whatever the input normalisation.
        #expect(Array(draft.fullName.utf8) == Array("Nguy\u{1EC5}n Th\u{1ECB} \u{0110}\u{00E0}o".utf8))
        #expect(Array(draft.givenName.unicodeScalars) == Array("\u{0110}\u{00E0}o".unicodeScalars))
    }

    @Test func minimalValidRow() throws {
        let input = MemberInput(fullName: "Lê An", birthDate: "2007-08-05", gender: "Nam", citizenID: "079207000001",
                                unitCode: "X", unionJoinDate: "05/08/2022", education: "Chưa qua đào tạo", nationality: "")
        let draft = try validate(input).get()
        #expect(draft.nationality == "Việt Nam")
        #expect(draft.ethnicity == nil && draft.cardNumber == nil && draft.position == nil && draft.duties == nil)
        #expect(draft.politicalTheory == nil && draft.partyJoinDate == nil && draft.phone == nil && draft.email == nil)
        #expect(draft.passportNumber == nil)
        #expect(draft.birthDate.iso == "2007-08-05")
    }

    @Test func blankRowReportsEveryRequiredField() throws {
        guard case .failure(let errors) = validate(MemberInput()) else {
            Issue.record("blank row accepted")
            return
        }
        #expect(errors.map(\.field) == ["Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Mã đơn vị",
                                         "Ngày vào Công đoàn", "Trình độ chuyên môn"])
        for error in errors { #expect(error.message.contains("không được để trống")) }
    }

    @Test func exactDateMessage() throws {
        var input = Self.validInput
        input.birthDate = "31/02/1990"
        guard case .failure(let errors) = validate(input) else {
            Issue.record("accepted")
            return
        }
        #expect(errors == [FieldError(field: "Ngày sinh", message: "ngày 31/2/1990 không có thật: tháng 2 năm 1990 chỉ có 28 ngày.")])
        #expect(errors[0].sentence == "Ngày sinh: ngày 31/2/1990 không có thật: tháng 2 năm 1990 chỉ có 28 ngày.")
    }

    /// A date that does not exist, a date in the wrong format, one in the future, and a missing one: each its own
    /// sentence, the label said once.
    @Test func dateMessagesSayWhatIsWrong() {
        func sentence(_ text: String) -> String { CivilDate.problemSentence(text, field: "Ngày sinh") }
        #expect(sentence("29/02/2023") == "Ngày sinh: ngày 29/2/2023 không có thật: tháng 2 năm 2023 chỉ có 28 ngày.")
        #expect(sentence("31/04/2024") == "Ngày sinh: ngày 31/4/2024 không có thật: tháng 4 năm 2024 chỉ có 30 ngày.")
        #expect(sentence("12/13/2020") == "Ngày sinh: ngày 12/13/2020 không có thật: tháng chỉ từ 1 đến 12.")
        #expect(sentence("2023-02-30") == "Ngày sinh: ngày 30/2/2023 không có thật: tháng 2 năm 2023 chỉ có 28 ngày.")
        #expect(sentence("15/3/90") == "Ngày sinh: \"15/3/90\" không phải một ngày viết theo dạng dd/mm/yyyy (ví dụ 02/09/1990).")
        #expect(sentence("hôm qua") == "Ngày sinh: \"hôm qua\" không phải một ngày viết theo dạng dd/mm/yyyy (ví dụ 02/09/1990).")
        #expect(sentence("  ") == "Ngày sinh: không được để trống; hãy nhập ngày theo dạng dd/mm/yyyy.")
        #expect(CivilDate.read("29/02/2024") == .success(CivilDate(year: 2024, month: 2, day: 29)!))
        var input = Self.validInput
        input.birthDate = "01/01/2090"
        guard case .failure(let errors) = validate(input) else { Issue.record("accepted"); return }
        #expect(errors.first?.sentence == "Ngày sinh 01/01/2090 ở sau ngày hôm nay (\(Self.today.vietnamese)); cần là một ngày đã qua.")
        for e in errors { #expect(e.sentence.components(separatedBy: e.field).count == 2, "label once: \(e.sentence)") }
    }

    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let change: @Sendable (inout MemberInput) -> Void
        /// Expected errors in order: (field, fragment of the message). Empty = the row must be valid.
        let errors: [(String, String)]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        // Name
        Case(name: "name blank", change: { $0.fullName = " " }, errors: [("Họ và tên", "không được để trống")]),
        Case(name: "name digit", change: { $0.fullName = "Nguyễn Văn 2" }, errors: [("Họ và tên", "chữ số")]),
        Case(name: "name symbol", change: { $0.fullName = "Nguyễn_Văn" }, errors: [("Họ và tên", "\"_\"")]),
        Case(name: "name one letter", change: { $0.fullName = "A" }, errors: [("Họ và tên", "từ 2 đến 100")]),
        // Birth date
        Case(name: "birth blank", change: { $0.birthDate = "" }, errors: [("Ngày sinh", "không được để trống")]),
        Case(name: "birth 2-digit year", change: { $0.birthDate = "15/03/90" },
             errors: [("Ngày sinh", "viết theo dạng dd/mm/yyyy")]),
        Case(name: "birth text", change: { $0.birthDate = "năm 1990" }, errors: [("Ngày sinh", "không phải một ngày")]),
        Case(name: "age 12, joined too young", change: {
            $0.birthDate = "01/01/2010"; $0.citizenID = "001310012345"; $0.partyJoinDate = ""
        }, errors: [("Ngày sinh", "Tuổi phải từ 15 đến 100"), ("Ngày vào Công đoàn", "đủ 15 tuổi")]),
        Case(name: "age 102", change: { $0.birthDate = "01/01/1920"; $0.citizenID = "001120012345" },
             errors: [("Ngày sinh", "Tuổi phải từ 15 đến 100")]),
        Case(name: "age exactly 15", change: {
            $0.birthDate = "05/08/2007"; $0.citizenID = "001307012345"; $0.unionJoinDate = "05/08/2022"
            $0.partyJoinDate = ""
        }, errors: []),
        Case(name: "age 14 (birthday tomorrow)", change: {
            $0.birthDate = "06/08/2007"; $0.citizenID = "001307012345"; $0.unionJoinDate = ""; $0.partyJoinDate = ""
        }, errors: [("Ngày sinh", "14 tuổi"), ("Ngày vào Công đoàn", "không được để trống")]),
        Case(name: "birth in future", change: {
            $0.birthDate = "01/01/2023"; $0.citizenID = "001323012345"; $0.unionJoinDate = ""; $0.partyJoinDate = ""
        }, errors: [("Ngày sinh", "sau ngày hôm nay"), ("Ngày vào Công đoàn", "không được để trống")]),
        // Gender
        Case(name: "gender blank", change: { $0.gender = "" }, errors: [("Giới tính", "không được để trống")]),
        Case(name: "gender unknown", change: { $0.gender = "Khác" }, errors: [("Giới tính", "Nam hoặc Nữ")]),
        Case(name: "gender disagrees with CCCD", change: { $0.gender = "Nam" }, errors: [("Số CCCD", "Chữ số thứ 4")]),
        // Ethnicity
        Case(name: "ethnicity blank", change: { $0.ethnicity = "" }, errors: []),
        Case(name: "ethnicity spelling", change: { $0.ethnicity = "H'Mông" }, errors: []),
        Case(name: "ethnicity unknown", change: { $0.ethnicity = "Kinh Tày" },
             errors: [("Dân tộc", "không thuộc danh mục 54 dân tộc")]),
        // CCCD
        Case(name: "cccd blank", change: { $0.citizenID = "" }, errors: [("Số CCCD", "không được để trống")]),
        Case(name: "cccd short", change: { $0.citizenID = "1190012345" }, errors: [("Số CCCD", "đúng 12 chữ số")]),
        Case(name: "cccd lost leading zero", change: { $0.citizenID = "01190012345" }, errors: [("Số CCCD", "Excel")]),
        Case(name: "cccd province", change: { $0.citizenID = "003190012345" }, errors: [("Số CCCD", "Mã tỉnh")]),
        Case(name: "cccd year", change: { $0.citizenID = "001191012345" }, errors: [("Số CCCD", "Chữ số thứ 5 và 6")]),
        Case(name: "cccd with spaces", change: { $0.citizenID = "001 190 012345" }, errors: []),
        // Nationality and passport
        Case(name: "nationality spelled", change: { $0.nationality = "VIETNAM" }, errors: []),
        Case(name: "nationality folded", change: { $0.nationality = "viet  nam" }, errors: []),
        Case(name: "vietnamese with passport", change: { $0.passportNumber = "b1234567" }, errors: []),
        Case(name: "vietnamese bad passport", change: { $0.passportNumber = "12" }, errors: [("Số hộ chiếu", "từ 5 đến 20")]),
        Case(name: "foreigner with CCCD, no passport", change: { $0.nationality = "Hàn Quốc" },
             errors: [("Số CCCD", "cần để trống Số CCCD"), ("Số hộ chiếu", "không được để trống")]),
        Case(name: "foreigner with passport", change: {
            $0.nationality = "Hàn Quốc"; $0.citizenID = ""; $0.passportNumber = "M1234567"; $0.ethnicity = ""
        }, errors: []),
        Case(name: "foreigner bad passport", change: {
            $0.nationality = "Lào"; $0.citizenID = ""; $0.passportNumber = "AB-12"
        }, errors: [("Số hộ chiếu", "không hợp lệ")]),
        Case(name: "nationality too long", change: {
            $0.nationality = String(repeating: "x", count: 101); $0.citizenID = ""; $0.passportNumber = "P12345"
        }, errors: [("Quốc tịch", "tối đa 100")]),
        // Unit
        Case(name: "unit blank", change: { $0.unitCode = "" }, errors: [("Mã đơn vị", "không được để trống")]),
        Case(name: "unit invalid", change: { $0.unitCode = "CĐ 01" }, errors: [("Mã đơn vị", "không hợp lệ")]),
        // Union join date
        Case(name: "union blank", change: { $0.unionJoinDate = "" }, errors: [("Ngày vào Công đoàn", "không được để trống")]),
        Case(name: "union iso", change: { $0.unionJoinDate = "2012-07-01" }, errors: []),
        Case(name: "union invalid", change: { $0.unionJoinDate = "1/13/2012" }, errors: [("Ngày vào Công đoàn", "tháng chỉ từ 1 đến 12")]),
        Case(name: "union future", change: { $0.unionJoinDate = "06/08/2022" }, errors: [("Ngày vào Công đoàn", "sau ngày hôm nay")]),
        Case(name: "union today", change: { $0.unionJoinDate = "05/08/2022" }, errors: []),
        Case(name: "union before 15", change: { $0.unionJoinDate = "14/03/2005" },
             errors: [("Ngày vào Công đoàn", "sớm hơn ngày đủ 15 tuổi (15/03/2005)")]),
        Case(name: "union on 15th birthday", change: { $0.unionJoinDate = "15/03/2005" }, errors: []),
        // Free text
        Case(name: "card too long", change: { $0.cardNumber = String(repeating: "9", count: 31) },
             errors: [("Số thẻ đoàn viên", "tối đa 30")]),
        Case(name: "position too long", change: { $0.position = String(repeating: "ô", count: 501) },
             errors: [("Chức vụ", "tối đa 500")]),
        Case(name: "duties too long", change: { $0.duties = String(repeating: "a ", count: 300) },
             errors: [("Nhiệm vụ được giao", "tối đa 500")]),
        // Education and political theory
        Case(name: "education blank", change: { $0.education = "" }, errors: [("Trình độ chuyên môn", "không được để trống")]),
        Case(name: "education unknown", change: { $0.education = "Kỹ sư" },
             errors: [("Trình độ chuyên môn", "Tiến sĩ, Thạc sĩ, Đại học, Cao đẳng, Trung cấp, Sơ cấp, Chưa qua đào tạo")]),
        Case(name: "theory blank", change: { $0.politicalTheory = "" }, errors: []),
        Case(name: "theory unknown", change: { $0.politicalTheory = "Tiến sĩ" }, errors: [("Lý luận chính trị", "Cao cấp, Cử nhân")]),
        // Party join date
        Case(name: "party blank", change: { $0.partyJoinDate = "" }, errors: []),
        Case(name: "party invalid", change: { $0.partyJoinDate = "32/01/2015" }, errors: [("Ngày vào Đảng", "không có thật")]),
        Case(name: "party future", change: { $0.partyJoinDate = "01/01/2030" }, errors: [("Ngày vào Đảng", "sau ngày hôm nay")]),
        Case(name: "party before 18", change: { $0.partyJoinDate = "14/03/2008" }, errors: [("Ngày vào Đảng", "đủ 18 tuổi")]),
        Case(name: "party on 18th birthday", change: { $0.partyJoinDate = "15/03/2008" }, errors: []),
        // Contact
        Case(name: "phone blank", change: { $0.phone = "" }, errors: []),
        Case(name: "phone invalid", change: { $0.phone = "12345" }, errors: [("Số điện thoại", "không hợp lệ")]),
        Case(name: "email blank", change: { $0.email = "  " }, errors: []),
        Case(name: "email invalid", change: { $0.email = "dao@example" }, errors: [("Email", "không hợp lệ")]),
        // Several problems at once are all reported, in column order.
        Case(name: "many problems", change: {
            $0.fullName = "X"; $0.gender = "?"; $0.unitCode = "?"; $0.email = "@"
        }, errors: [("Họ và tên", "ký tự"), ("Giới tính", "không hợp lệ"), ("Mã đơn vị", "không hợp lệ"), ("Email", "không hợp lệ")]),
    ]

    @Test(arguments: cases)
    func rule(_ testCase: Case) {
        var input = Self.validInput
        testCase.change(&input)
        switch validate(input) {
        case .success:
            #expect(testCase.errors.isEmpty, "expected errors \(testCase.errors)")
        case .failure(let errors):
            #expect(errors.map(\.field) == testCase.errors.map(\.0), "\(errors)")
            for (error, expected) in zip(errors, testCase.errors) {
                #expect(error.message.contains(expected.1), "\(error.message)")
            }
            for error in errors {
                #expect(Self.allowedFields.contains(error.field))
                #expect(error.message.unicodeScalars.elementsEqual(VietnameseText.nfc(error.message).unicodeScalars))
                #expect(error.message.hasSuffix("."), "\(error.message)")
            }
        }
    }
}
