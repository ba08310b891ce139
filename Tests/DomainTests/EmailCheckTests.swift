import Testing
@testable import Domain

@Suite struct EmailCheckTests {
    @Test func addresses() {
        for good in ["a@b.vn", "dao.nguyen+noiguong@truong.edu.vn", "x_y-z@sub.congdoan.org.vn"] { #expect(EmailCheck.problem(good) == nil, "\(good)") }
        for bad in ["", "a", "a@b", "@b.vn", "a@@b.vn", "a@b..vn", "a b@c.vn", "a@b.vn\nBcc: c@d.vn", "<a@b.vn>", "đ@b.vn", "a@-b.vn"] {
            #expect(EmailCheck.problem(bad) != nil, "\(bad)")
        }
        #expect(EmailCheck.normalized("  Ab@CD.Vn ") == "Ab@cd.vn")
    }
}
