import Testing
import Domain

@Suite struct FieldRulesTests {
    @Test(arguments: [
        ("0912345678", "0912345678"), ("0912 345 678", "0912345678"), ("0912.345.678", "0912345678"),
        ("091-234-5678", "0912345678"), ("+84912345678", "0912345678"), ("+84 912 345 678", "0912345678"),
        ("02838221234", "02838221234"), ("024 3825 1234", "02438251234"), ("+84 24 3825 1234", "02438251234"),
    ])
    func validPhones(input: String, normalized: String) {
        #expect(FieldRules.phoneProblem(input) == nil)
        #expect(FieldRules.normalizePhone(input) == normalized)
    }

    @Test(arguments: ["", "912345678", "1912345678", "+8491234567", "+849123456789", "0912x45678", "84912345678", "(091)2345678", "09123456789", "03838221234", "028382212345"])
    func invalidPhones(input: String) throws {
        let message = try #require(FieldRules.phoneProblem(input))
        #expect(message.hasPrefix("Số điện thoại"))
        #expect(message.contains("10 chữ số"))
    }

    /// A number cell drops the first 0 of every Vietnamese number, and the "+" of "+84": both are put back, nothing else.
    @Test(arguments: [
        ("912345678", "0912345678"), ("2438251234", "02438251234"), ("84912345678", "0912345678"), ("0912345678", "0912345678"),
        ("12345", "12345"), ("3838221234", "3838221234"), ("84012345678", "84012345678"), ("912345678901", "912345678901"),
    ])
    func phonesFromNumberCells(digits: String, restored: String) {
        #expect(FieldRules.phoneFromNumber(digits) == restored)
    }

    @Test(arguments: ["a@b.vn", "Nguyen.Van.A@congdoan.gov.vn", "x+y@mail.example.com", " a@b.vn "])
    func validEmails(input: String) {
        #expect(FieldRules.emailProblem(input) == nil)
    }

    @Test(arguments: ["", "a", "@b.vn", "a@b", "a@@b.vn", "a@b@c.vn", "a b@c.vn", "a@.vn", "a@b.", "a@b..vn",
                      String(repeating: "a", count: 250) + "@b.vn"])
    func invalidEmails(input: String) {
        #expect(FieldRules.emailProblem(input) != nil)
    }

    @Test func unitCodes() {
        for good in ["A", "CD-01", "cty_abc.2", String(repeating: "x", count: 40)] {
            #expect(FieldRules.unitCodeProblem(good) == nil, "\(good)")
        }
        #expect(FieldRules.unitCodeProblem("") == "Mã đơn vị không được để trống.")
        for bad in ["CĐ01", "A B", "A/B", String(repeating: "x", count: 41), "A#"] {
            #expect(FieldRules.unitCodeProblem(bad)?.contains("không hợp lệ") == true, "\(bad)")
        }
    }

    @Test(arguments: [
        ("Nguyễn Văn An", nil), ("H'Hen Niê", nil), ("Ksor-Y Phương", nil), ("John Smith Jr.", nil), ("Lý", nil),
        ("Nguye\u{0302}\u{0303}n Văn An", nil), ("  Trần   Thị Bé  ", nil),
        ("", "Họ và tên không được để trống."), ("   ", "Họ và tên không được để trống."),
        ("A", "có 1 ký tự"), (String(repeating: "a", count: 101), "cần từ 2 đến 100 ký tự"),
        ("Nguyễn Văn 2", "không được chứa chữ số"), ("Nguyễn@Văn", "\"@\""), ("Lê, Văn", "\",\""),
        ("- .", "phải có chữ cái"),
    ] as [(String, String?)])
    func names(input: String, expectedFragment: String?) {
        let problem = FieldRules.nameProblem(input)
        if let expectedFragment {
            #expect(problem?.contains(expectedFragment) == true, "\(problem ?? "nil")")
        } else {
            #expect(problem == nil)
        }
    }
}
