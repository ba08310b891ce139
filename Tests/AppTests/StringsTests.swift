import Testing
@testable import App

/// `Strings.format`: placeholders filled in one pass, whatever the arguments hold.
@Suite struct StringsTests {
    @Test func placeholdersAreFilledOnceAndInPlace() {
        var t = Strings(language: .vi)
        #expect(t.format("inspection_who", "Công đoàn A", "Công đoàn B") == t["inspection_who"]
            .replacingOccurrences(of: "{0}", with: "Công đoàn A").replacingOccurrences(of: "{1}", with: "Công đoàn B"))
        // A member's words that look like a placeholder are not filled again.
        let who = t.format("inspection_who", "Tổ {1}", "Đoàn kiểm tra")
        #expect(who.contains("Tổ {1}") && who.contains("Đoàn kiểm tra"))
        // A key that is not in the table is its own text; a placeholder without an argument stays as written.
        #expect(t.format("no such key {0} {12} {x} {", "a") == "no such key a {12} {x} {")
        #expect(t.format("{0}{1}{0}", "đ", "Đ") == "đĐđ")
        t = Strings(language: .en)
        #expect(!t.format("inspection_who", "A", "B").contains("{"))
    }
}
