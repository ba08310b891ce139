import Testing
@testable import Domain

/// The registration check on the cases the issue names; the labelled corpus measures it at scale.
@Suite struct RegistrationCheckTests {
    let teacher = RegistrationCheck.Context(duties: ["Giảng dạy môn Toán khối 10, chủ nhiệm lớp 10A3"], position: "Giáo viên", occupation: "Giáo viên THPT")
    let accountant = RegistrationCheck.Context(duties: ["Kế toán thu chi, lập chứng từ và quyết toán ngân sách của trường"], position: "Kế toán")

    func codes(_ r: RegistrationCheck.Registration, _ c: RegistrationCheck.Context, others: [RegistrationCheck.Other] = []) -> [RegistrationCheck.Flag.Code] {
        RegistrationCheck.flags(r, context: c, others: others).map(\.code)
    }

    @Test(arguments: ["Học tập và làm theo tấm gương đạo đức Hồ Chí Minh", "Hoàn thành tốt nhiệm vụ được giao", "Nâng cao tinh thần trách nhiệm",
                      "Nâng cao chất lượng giảng dạy", "hoan thanh tot nhiem vu duoc giao"])
    func stockPhrasesAreVague(action: String) {
        let flags = RegistrationCheck.flags(.init(action: action), context: teacher)
        #expect(flags.map(\.code) == [.vague])
        #expect(flags.first?.message.contains("chưa có kết quả đo được") == true)
        #expect(flags.first?.message.contains("chưa có thời hạn") == true)
    }

    @Test func aDeadlineAloneDoesNotMakeASloganConcrete() {
        #expect(codes(.init(action: "Hoàn thành tốt nhiệm vụ được giao", deadline: "năm 2026"), teacher) == [.vague])
    }

    @Test func concreteTiedActionsPass() {
        #expect(codes(.init(action: "Mỗi tuần soạn 1 đề kiểm tra 15 phút cho khối 10", result: "16 đề", deadline: "hết học kỳ I"), teacher) == [])
        #expect(codes(.init(action: "Lập và nộp chứng từ thu chi đúng hạn, đối chiếu sổ quỹ hằng tháng", result: "100% chứng từ đúng hạn",
                            deadline: "31/12/2026"), accountant) == [])
    }

    @Test func anAccountantOrganisingConcertsIsUntied() {
        let flags = RegistrationCheck.flags(.init(action: "Tổ chức 2 đêm ca nhạc cho đoàn viên thanh niên", result: "2 đêm nhạc", deadline: "quý III/2026"),
                                            context: accountant)
        #expect(flags.map(\.code) == [.untied])
        #expect(flags.first?.message.contains("chưa gắn với nhiệm vụ được giao") == true)
        // Saving paper is anyone's conduct, never untied.
        #expect(codes(.init(action: "Tiết kiệm giấy in, dùng bản điện tử cho báo cáo nội bộ", result: "giảm 30% giấy", deadline: "năm 2026"), accountant) == [])
    }

    @Test func copiesAreFoundWhateverTheOrderCaseDiacriticsAndNumbers() {
        let other = RegistrationCheck.Other(who: "Nguyễn Văn An", action: "Mỗi tuần soạn 2 đề kiểm tra 15 phút cho khối 10")
        let copy = RegistrationCheck.Registration(action: "cho khoi 11 moi tuan soan 3 DE KIEM TRA 15 phut", result: "16 đề", deadline: "học kỳ I")
        let flags = RegistrationCheck.flags(copy, context: teacher, others: [other])
        #expect(flags.map(\.code) == [.duplicate])
        #expect(flags.first?.message.contains("Nguyễn Văn An") == true)
        #expect(codes(.init(action: "Xây dựng ngân hàng 200 câu hỏi trắc nghiệm Toán 10", deadline: "hết năm học"), teacher, others: [other]) == [])
    }
}
