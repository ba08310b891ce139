import Foundation
import Testing
@testable import Documents

enum Samples {
    static let programme = "Việc làm cụ thể học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"

    static func form(_ i: Int, appraised: Bool) -> RegistrationForm.Data {
        let names = ["Nguyễn Thị Đào", "Trần Văn Bình", "Lê Thị Hồng Nhung", "Phạm Đức Anh"]
        return RegistrationForm.Data(
            parentUnitName: "Công đoàn Giáo dục Việt Nam",
            unitName: "Công đoàn Trường THPT Chu Văn An",
            place: "Hà Nội",
            date: .init(day: 5, month: 3, year: 2026),
            programmeTitle: programme,
            year: 2026,
            memberName: names[i % names.count],
            position: i % 2 == 0 ? "Giáo viên, Tổ trưởng chuyên môn Toán" : nil,
            cellName: "Chi bộ Trường THPT Chu Văn An",
            duties: "Giảng dạy môn Toán các lớp 10A1, 10A2, 11A3; chủ nhiệm lớp 10A1; phụ trách đội tuyển học sinh giỏi Toán.",
            actions: [
                .init(
                    action: "Mỗi tháng soạn ít nhất 2 bài giảng điện tử có sử dụng phần mềm mô phỏng cho khối 10 và chia sẻ lên kho học liệu của trường",
                    duty: "Giảng dạy môn Toán khối 10",
                    result: "Ít nhất 18 bài giảng điện tử được tổ chuyên môn nghiệm thu",
                    deadline: "Hết năm học 2025–2026"
                ),
                .init(
                    action: "Đúng 7 giờ sáng thứ Hai hằng tuần có mặt tại lớp chủ nhiệm, nắm tình hình và trao đổi với phụ huynh học sinh có hoàn cảnh khó khăn",
                    duty: "Chủ nhiệm lớp 10A1",
                    result: "Không học sinh nào bỏ học; 100% phụ huynh được liên lạc mỗi học kỳ",
                    deadline: "Hằng tuần, đến hết tháng 5/2026"
                ),
            ],
            shortcomings: "Đôi khi còn chậm cập nhật sổ điểm điện tử; chưa mạnh dạn góp ý đồng nghiệp trong sinh hoạt chuyên môn.",
            appraisal: appraised
                ? .init(statusText: "Đồng ý với nội dung đăng ký", secretaryName: "Hoàng Văn Sơn", appraisedOn: .init(day: 10, month: 3, year: 2026))
                : .init()
        )
    }
}

@Suite struct RegistrationFormTests {
    func documentXML(_ forms: [RegistrationForm.Data]) throws -> String {
        try #require(try parts(of: RegistrationForm.document(forms).data())["word/document.xml"])
    }

    @Test func dateLineFollowsDecree30() {
        #expect(RegistrationForm.dateLine(place: "Hà Nội", .init(day: 5, month: 3, year: 2026)) == "Hà Nội, ngày 05 tháng 3 năm 2026")
        #expect(RegistrationForm.dateLine(place: "Huế", .init(day: 15, month: 2, year: 2026)) == "Huế, ngày 15 tháng 02 năm 2026")
        #expect(RegistrationForm.dateLine(place: "Huế", .init(day: 1, month: 12, year: 2026)) == "Huế, ngày 01 tháng 12 năm 2026")
    }

    @Test func onePagePerForm() throws {
        let doc = try documentXML((0..<3).map { Samples.form($0, appraised: $0 == 0) })
        #expect(doc.components(separatedBy: "<w:pageBreakBefore/>").count - 1 == 2)
        #expect(doc.components(separatedBy: "BẢN ĐĂNG KÝ").count - 1 == 3)
        #expect(isWellFormed(doc))
    }

    @Test func content() throws {
        let doc = try documentXML([Samples.form(0, appraised: true)])
        for text in ["CÔNG ĐOÀN GIÁO DỤC VIỆT NAM", "CÔNG ĐOÀN TRƯỜNG THPT CHU VĂN AN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Độc lập - Tự do - Hạnh phúc", "Hà Nội, ngày 05 tháng 3 năm 2026",
                     "Việc làm cụ thể học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm 2026",
                     "Họ và tên: ", "Nguyễn Thị Đào", "Chức vụ: ", "Đơn vị: ", "Chi bộ: ", "Nhiệm vụ được giao: ",
                     "STT", "Việc làm cụ thể", "Gắn với nhiệm vụ", "Kết quả đo được", "Thời hạn",
                     "Những hạn chế, khuyết điểm cần khắc phục: ", "Ý kiến thẩm định của Chi bộ: ",
                     "Đồng ý với nội dung đăng ký (ngày 10/03/2026)", "XÁC NHẬN CỦA CHI BỘ", "BÍ THƯ", "NGƯỜI ĐĂNG KÝ",
                     "(Ký, ghi rõ họ tên)", "Hoàng Văn Sơn"] {
            #expect(doc.contains(text), "missing \(text)")
        }
    }

    @Test func notYetAppraisedLeavesDotsToFillIn() throws {
        let doc = try documentXML([Samples.form(1, appraised: false)])
        #expect(doc.contains(#"w:leader="dot""#))
        #expect(!doc.contains("Hoàng Văn Sơn"))
        // No position given: a dotted line instead of a blank.
        #expect(doc.contains(#"Chức vụ: </w:t></w:r><w:r><w:rPr><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr><w:tab/>"#))
    }

    @Test func userTextIsEscaped() throws {
        var form = Samples.form(0, appraised: false)
        form.memberName = "A <b> & \"c\""
        form.shortcomings = "x\u{0}y"
        let doc = try documentXML([form])
        #expect(doc.contains("A &lt;b&gt; &amp; &quot;c&quot;"))
        #expect(doc.contains("xy"))
        #expect(isWellFormed(doc))
    }

    /// Writes a sample for tests/docx.sh to convert and look at: DOCX_SAMPLE_OUT=path, DOCX_SAMPLE_FORMS=N.
    @Test func writeSample() throws {
        let env = ProcessInfo.processInfo.environment
        guard let out = env["DOCX_SAMPLE_OUT"], !out.isEmpty else { return }
        let count = Int(env["DOCX_SAMPLE_FORMS"] ?? "") ?? 3
        let forms = (0..<count).map { Samples.form($0, appraised: $0 % 2 == 0) }
        try RegistrationForm.document(forms).data().write(to: URL(fileURLWithPath: out))
    }
}
