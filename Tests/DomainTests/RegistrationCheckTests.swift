import Foundation
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

    let guardman = RegistrationCheck.Context(duties: ["Trực cổng, bảo vệ tài sản trường"], occupation: "Nhân viên bảo vệ")
    let mechanic = RegistrationCheck.Context(duties: ["Vận hành máy dập"], occupation: "Công nhân cơ khí")

    @Test(arguments: ["Nâng cao chất lượng chăm sóc, giáo dục trẻ", "nang cao chat luong cham soc, giao duc tre",
                      "Thương yêu trẻ như con", "Vui vẻ, hòa nhã với phụ huynh", "Thuc hien tot 5S, giu gin ve sinh noi lam viec"])
    func attitudesAndOpenersAreVague(action: String) {
        #expect(codes(.init(action: action, deadline: "năm học 2026–2027"), teacher) == [.vague])
    }

    @Test func aFigureOnASloganDoesNotMeasureAnAct() {
        for action in ["Hoàn thành 100% chỉ tiêu được giao", "hoan thanh 100% chi tieu duoc giao"] {
            let flags = RegistrationCheck.flags(.init(action: action, result: "100%", deadline: "năm 2026"), context: accountant)
            #expect(flags.map(\.code) == [.vague])
            #expect(flags.first?.message.contains("chưa nêu việc cụ thể") == true)
        }
        // A slogan followed by a measured act of the job is fine.
        #expect(codes(.init(action: "Thực hiện tốt việc đối chiếu sổ quỹ với chứng từ thu chi cuối mỗi tháng", result: "12 lần đối chiếu",
                            deadline: "31/12/2026"), accountant) == [])
    }

    @Test func unionWorkNeedsAUnionPost() {
        for action in ["Tổ chức bữa cơm công đoàn hằng tháng cho công nhân công trường", "to chuc bua com cong doan hang thang cho cong nhan cong truong"] {
            let registration = RegistrationCheck.Registration(action: action, result: "12 bữa", deadline: "31/12/2026")
            let flags = RegistrationCheck.flags(registration, context: .init(duties: ["Đo đạc, định vị tim mốc công trình"], occupation: "Kỹ sư trắc địa"))
            #expect(flags.map(\.code) == [.untied])
            #expect(flags.first?.message.contains("việc của công đoàn") == true)
            #expect(codes(registration, .init(duties: ["Đo đạc, định vị tim mốc công trình"], position: "Tổ trưởng tổ công đoàn",
                                              occupation: "Kỹ sư trắc địa")) == [])
        }
    }

    @Test func leisureAndCharityOutsideTheDutiesAreUntied() {
        for action in ["Dạy võ cổ truyền cho giáo viên vào sáng Chủ nhật", "day vo co truyen cho giao vien vao sang chu nhat"] {
            let flags = RegistrationCheck.flags(.init(action: action, result: "1 lớp 15 người", deadline: "quý II/2026"), context: guardman)
            #expect(flags.map(\.code) == [.untied])
            #expect(flags.first?.message.contains("ngoài công việc") == true)
        }
        // The same activity is tied when the duties name it.
        #expect(codes(.init(action: "Mở thêm 1 lớp võ cổ truyền cho công nhân", result: "1 lớp", deadline: "quý II/2026"),
                      .init(duties: ["Huấn luyện võ cổ truyền cho đội tự vệ"])) == [])
    }

    @Test func workForAnotherDepartmentIsUntied() {
        for action in ["Sửa chữa máy tính, máy in cho phòng Kế toán", "sua chua may tinh, may in cho phong ke toan"] {
            let flags = RegistrationCheck.flags(.init(action: action, result: "10 máy", deadline: "31/12/2026"), context: mechanic)
            #expect(flags.map(\.code) == [.untied])
            #expect(flags.first.map { VietnameseText.fold($0.message).contains("phong ke toan") } == true)
        }
        // The member's own department, or a room, is no other department.
        #expect(codes(.init(action: "Lập báo cáo quyết toán quý cho phòng Kế toán trước ngày 20", result: "4 báo cáo", deadline: "31/12/2026"),
                      .init(duties: ["Kế toán thanh toán, phòng Kế toán"])) == [])
        #expect(codes(.init(action: "Mỗi tháng thay 2 bóng đèn hỏng cho phòng học khối 10", result: "24 bóng", deadline: "31/12/2026"), teacher) == [])
    }

    @Test func directingNeedsAPostThatLeads() {
        let worker = RegistrationCheck.Context(duties: ["Kiểm tra ngoại quan sản phẩm"], occupation: "Công nhân lắp ráp điện tử")
        for action in ["Chỉ đạo kiểm tra ngoại quan 100% sản phẩm của chuyền 3", "chi dao kiem tra ngoai quan 100% san pham cua chuyen 3"] {
            let registration = RegistrationCheck.Registration(action: action, deadline: "31/12/2026")
            #expect(codes(registration, .init(duties: ["Kiểm tra bao bì"], occupation: "Công nhân lắp ráp điện tử")) == [.untied])
            var lead = worker
            lead.position = "Tổ trưởng"
            #expect(codes(registration, lead) == [])
        }
    }

    @Test func anAdministratorsAdditionsAreRead() {
        let action = RegistrationCheck.Registration(action: "Dạy câu cá cho đồng nghiệp mỗi chiều thứ Bảy", result: "4 buổi", deadline: "quý II/2026")
        let extended = RegistrationVocabulary.seed.merging(.init(stockPhrases: [], genericWords: [], stopWords: [], measurePhrases: [], timePhrases: [],
                                                                 fields: [], commonConduct: [], offDutyActivities: ["câu cá"]))
        #expect(RegistrationCheck.flags(action, context: mechanic, vocabulary: extended).map(\.code) == [.untied])
    }

    @Test func storedAdditionsWithoutTheNewerListsStillLoad() throws {
        let json = #"{"offDutyActivities":["câu cá"],"fields":[{"name":"y tế","words":["nha khoa"]}]}"#
        let decoded = try JSONDecoder().decode(RegistrationVocabulary.self, from: Data(json.utf8))
        #expect(decoded.offDutyActivities == ["câu cá"])
        #expect(decoded.stockPhrases.isEmpty)
        let merged = RegistrationVocabulary.seed.merging(decoded)
        #expect(merged.fields.first { $0.name == "y tế" }?.words.contains("nha khoa") == true)
    }
}
