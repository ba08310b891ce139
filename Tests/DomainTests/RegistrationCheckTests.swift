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

    // MARK: Fields of work (corpus rows r496–r645)

    @Test func wordsThatDifferOnlyInTheirMarksAreTwoWords() {
        // "công đoạn" (a plant's stage of work) is in the vocabulary too; it must not take the place of "công đoàn".
        let steward = RegistrationCheck.Context(duties: ["Dạy lớp 4A"], position: "Tổ trưởng tổ công đoàn")
        #expect(codes(.init(action: "Thăm hỏi 100% đoàn viên trong tổ khi ốm đau", result: "100% đoàn viên", deadline: "năm học 2025–2026"), steward) == [])
    }

    @Test func actsInAFieldTheDutiesDoNotTouchAreUntied() {
        let hr = RegistrationCheck.Context(duties: ["Tuyển dụng, chấm công, tính lương cho công nhân"], occupation: "Nhân viên nhân sự")
        #expect(codes(.init(action: "Viết kịch bản phim tài liệu kỷ niệm 60 năm thành lập công ty", deadline: "30/9/2026"), hr) == [.untied])
        #expect(codes(.init(action: "Kiểm tra áp lực đầu phun sprinkler và bình chữa cháy trong 3 nhà kho", deadline: "quý II/2026"), hr) == [.untied])
        // The same acts by those whose work they are.
        let fire = RegistrationCheck.Context(duties: ["Kiểm tra, bảo dưỡng thiết bị phòng cháy chữa cháy của kho"], occupation: "Nhân viên PCCC")
        #expect(codes(.init(action: "Kiểm tra áp lực đầu phun sprinkler và bình chữa cháy trong 3 nhà kho", deadline: "quý II/2026"), fire) == [])
        #expect(codes(.init(action: "Mỗi tuần phỏng vấn và tuyển đủ công nhân cho ca 3", deadline: "quý II/2026"), hr) == [])
    }

    @Test func aWorkplaceInTheActionSaysWhereNotWhat() {
        // "cho phân xưởng", "của nhà máy": who the payroll is for does not make it the workshop's own work.
        let crane = RegistrationCheck.Context(duties: ["Vận hành cầu trục kho phôi, kho thành phẩm"])
        #expect(codes(.init(action: "Phụ trách chấm công, tính lương tháng cho phân xưởng", deadline: "hằng tháng năm 2026"), crane) == [.untied])
    }

    @Test func dutiesInWordsNoFieldKnowsRaiseNoFieldFlag() {
        // Nothing known about the duties: the check cannot say the act is outside them.
        let unknown = RegistrationCheck.Context(duties: ["Tuần cung đoạn Km 326 – Km 334"])
        #expect(codes(.init(action: "Tuần tra đủ 2 lượt mỗi ngày, báo ngay điểm sụt lún", deadline: "năm 2026"), unknown) == [])
    }

    @Test func anOfficeHeadBuildingAQuestionBankIsUntied() {
        // Found by the registrations walk: "Hành chính – Tổng hợp" has to name a field, or the duties read as unknown.
        let head = RegistrationCheck.Context(duties: ["Phụ trách phòng Hành chính – Tổng hợp"], position: "Trưởng phòng")
        #expect(codes(.init(action: "Xây dựng ngân hàng 200 câu hỏi trắc nghiệm Toán 10 dùng chung cho tổ chuyên môn", result: "200 câu hỏi",
                            deadline: "trước 30/4"), head) == [.untied])
    }

    @Test func withoutMarksOneSyllableNamesNoField() {
        // "ve" is về as often as vé: typed without marks, it ties nothing and flags nothing.
        let driver = RegistrationCheck.Context(duties: ["Lái xe đưa viên chức đi đo đạc thực địa"])
        #expect(codes(.init(action: "tu van phap ly cho nguoi dan ve tranh chap thua ke nha dat", deadline: "quy II/2026"), driver) == [.untied])
    }

    @Test func anotherRoleInTheSameSectorIsUntiedWhenTwoOfItsWordsSayIt() {
        // A plant's buyer and its laboratory share the sector ("sản xuất") and are two jobs.
        let stock = RegistrationCheck.Context(duties: ["Theo dõi nhập xuất tồn, đối chiếu với thủ kho"], occupation: "Kế toán kho")
        let flags = RegistrationCheck.flags(.init(action: "Đi khảo sát giá thép và đàm phán mua hàng với các nhà máy thép", deadline: "quý III/2026"),
                                            context: stock)
        #expect(flags.map(\.code) == [.untied])
        #expect(flags.first?.message.contains("vị trí khác trong cùng ngành") == true)
        let reading = RegistrationCheck.read(.init(action: "Đi khảo sát giá thép và đàm phán mua hàng với các nhà máy thép"), context: stock)
        #expect(reading.sectors.contains("sản xuất") && reading.otherRoleWords.count >= 2)
        // One word of another role is a tool of one's own job: a guard photographs a car's plate.
        let guardDuty = RegistrationCheck.Context(duties: ["Tuần tra hầm xe, kiểm soát thẻ xe"], occupation: "Nhân viên bảo vệ")
        #expect(codes(.init(action: "Chụp ảnh biển số xe lạ đỗ quá 24 giờ ở hầm B2, báo ban quản lý trong ca", deadline: "năm 2026"), guardDuty) == [])
    }

    @Test func whomTheDutiesServeNamesNoFieldOfTheirOwn() {
        // "cho công nhân kho": the payroll clerk serves the warehouse and does not run it.
        let hr = RegistrationCheck.Context(duties: ["Tuyển dụng, chấm công, tính lương cho công nhân kho"], occupation: "Nhân viên nhân sự")
        let reading = RegistrationCheck.read(.init(action: "Bố trí lại sơ đồ kệ hàng kho B theo tần suất lấy hàng"), context: hr)
        #expect(!reading.dutyFields.contains("kho vận") && reading.dutyFields.contains("nhân sự, lao động"))
        #expect(codes(.init(action: "Bố trí lại sơ đồ kệ hàng kho B theo tần suất lấy hàng", result: "1 sơ đồ mới", deadline: "quý II/2026"), hr) == [.untied])
        // "cho vay" is the work itself, not whom it serves.
        let loans = RegistrationCheck.read(.init(action: "Rút ngắn thời gian thẩm định hồ sơ vay còn 3 ngày"),
                                           context: .init(duties: ["Thẩm định hồ sơ cho vay hộ kinh doanh"]))
        #expect(loans.dutyFields.contains("tài chính"))
        // Duties that name a field only in whom they serve keep that field.
        let nurseAide = RegistrationCheck.read(.init(action: "Mỗi ngày thay ga giường cho 20 người bệnh"),
                                               context: .init(duties: ["Phục vụ cho người bệnh"]))
        #expect(nurseAide.dutyFields.contains("y tế"))
    }

    @Test func aFieldWordInsideAnEverydayWordIsNotRead() {
        // "vụ" is a crop season, but not in "phục vụ"; "sách" is a book, but not in "danh sách" or "chính sách".
        #expect(RegistrationCheck.fields(of: "Phục vụ hội nghị, nghiệp vụ lễ tân") .contains("nông nghiệp") == false)
        #expect(RegistrationCheck.fields(of: "Lập danh sách đoàn viên, tham mưu chính sách") .contains("giáo dục") == false)
        #expect(RegistrationCheck.fields(of: "Gieo cấy lúa vụ mùa").contains("nông nghiệp"))
    }

    @Test func aYearIsNoMeasureAndASloganKeepsNoFigure() {
        let clerk = RegistrationCheck.Context(duties: ["Soạn văn bản, quản lý hồ sơ nhân sự, chấm công"], occupation: "Nhân viên hành chính")
        // "năm 2026" names the year and counts nothing; aiming at a title is no act.
        #expect(codes(.init(action: "PHẤN ĐẤU NĂM 2026 ĐẠT DANH HIỆU CHIẾN SĨ THI ĐUA CƠ SỞ"), clerk) == [.vague])
        // A figure inside a slogan does not hide it: "hoàn thành 100% kế hoạch" is "hoàn thành kế hoạch".
        let ramp = RegistrationCheck.Context(duties: ["Giám sát các dịch vụ mặt đất tại sân đỗ theo từng chuyến bay"])
        #expect(codes(.init(action: "Hoàn thành 100% kế hoạch khai thác, bảo đảm tuyệt đối an toàn", result: "100%"), ramp) == [.vague])
        #expect(codes(.init(action: "Phấn đấu vượt kế hoạch doanh thu được giao", result: "vượt 15%"), ramp) == [.vague])
        // A number that counts an act still measures it.
        #expect(codes(.init(action: "Lập 12 biên bản kiểm tra tổ bốc xếp tại sân đỗ, mỗi tháng 1 biên bản", deadline: "năm 2026"), ramp) != [.vague])
    }

    @Test func withMarksAWordIsNotTakenForAFillerWord() {
        // Folded, "môi" (of "môi trường") is "moi", like the filler "mỗi"; typed with its marks it is a word of its own.
        let reading = RegistrationCheck.read(.init(action: "Quan trắc môi trường khu xử lý"), context: .init(duties: ["Vận hành trạm xử lý nước thải"]))
        #expect(reading.concreteWords.contains("môi"))
    }

    @Test func anotherRoleIsUntiedEvenWhenTheDutiesNameOnlyTheTrade() {
        // An intensive-care nurse's duties name the hospital's trade only; a website's words are another role's.
        let nurse = RegistrationCheck.Context(duties: ["Chăm sóc người bệnh thở máy tại khoa Hồi sức tích cực"], occupation: "Điều dưỡng")
        let flags = RegistrationCheck.flags(.init(action: "Thiết kế lại giao diện trang web của bệnh viện, cập nhật lịch khám", result: "1 trang web mới"),
                                            context: nurse)
        #expect(flags.map(\.code) == [.untied])
        // The message names the duties' own field, never an empty list.
        #expect(flags.first?.message.contains("(nhiệm vụ thuộc lĩnh vực y tế") == true)
        #expect(flags.first?.message.contains("lĩnh vực )") == false)
    }

    @Test func aMessagingAppNamesNoField() {
        // Reporting on Zalo is how any job reports: it is no IT work.
        let sluice = RegistrationCheck.Context(duties: ["Vận hành đóng mở cống đầu mối, quan trắc mực nước"], occupation: "Công nhân quản lý cống")
        #expect(codes(.init(action: "Đọc thủy chí thượng và hạ lưu cống lúc 7 giờ và 17 giờ, nhắn số liệu lên nhóm Zalo của cụm",
                            result: "730 lượt đọc"), sluice) == [])
    }

    @Test func whereOnesWorkIsSentSaysWhoReceivesItNotWhoseWorkItIs() {
        // A team leader who keeps the attendance sends it to Accounting: the department receives, the work is hers.
        let leader = RegistrationCheck.Context(duties: ["Phân công, chấm công tổ đóng bao 12 người"], position: "Tổ trưởng tổ đóng bao")
        #expect(codes(.init(action: "Gửi phòng Kế toán bảng ngày công và số bao đóng của từng người trong tổ vào ngày 1 hằng tháng"), leader) == [])
        // A taster sends her scores "cho phòng Thu mua": no department worked for, and the payment after it is not hers to do.
        let taster = RegistrationCheck.Context(duties: ["Thử nếm, chấm điểm chất lượng cà phê nguyên liệu và thành phẩm"])
        #expect(codes(.init(action: "Cupping mẫu từng lô nhập theo phiếu SCA, gửi điểm và nhận xét cho phòng Thu mua trước khi thanh toán cho nông hộ",
                            result: "100% lô nhập có phiếu"), taster) == [])
        #expect(RegistrationCheck.recipients(Words("gửi điểm cho phòng Thu mua")).to == [2, 3, 4, 5])
        // "bao tiêu" (to buy up a crop) is not "báo" (to tell); a report ("báo cáo") is no one told.
        #expect(RegistrationCheck.recipients(Words("ký hợp đồng bao tiêu lúa")) == ([], []))
        #expect(RegistrationCheck.recipients(Words("lập báo cáo doanh thu")) == ([], []))
        // Done "cho phòng Kinh doanh" without sending anything, it is still that department's work.
        let driver = RegistrationCheck.Context(duties: ["Xếp dỡ cuộn giấy thành phẩm trong kho"], occupation: "Công nhân lái xe nâng")
        #expect(codes(.init(action: "Soạn hợp đồng bán giấy in cho 3 nhà in ở Hà Nội giúp phòng Kinh doanh", result: "3 hợp đồng"), driver) == [.untied])
    }

    @Test func checkingTheQualityOfWhatOneMakesIsOnesOwnWork() {
        let extruder = RegistrationCheck.Context(duties: ["Đùn nhựa PVC bọc cách điện ruột dẫn dây điện dân dụng"], occupation: "Công nhân vận hành máy bọc")
        #expect(codes(.init(action: "Soi độ dày vỏ bọc bằng kính lúp ở đầu và cuối mỗi rulô, lấy mẫu dán vào phiếu gửi KCS", result: "100% rulô có mẫu"),
                      extruder) == [])
        // Someone who makes nothing (an accountant) testing samples is doing the laboratory's work.
        let books = RegistrationCheck.Context(duties: ["Kế toán thu chi, lập chứng từ, đối chiếu công nợ"], occupation: "Kế toán")
        #expect(codes(.init(action: "Lấy mẫu kiểm nghiệm 20 lô hàng nhập theo tiêu chuẩn kỹ thuật", result: "20 lô"), books) == [.untied])
    }

    @Test func aFieldWordTheDutiesSayTooIsTheirs() {
        // "khách" of a station agent's "hướng dẫn hành khách" is the same people, not a salesperson's customers.
        let agent = RegistrationCheck.Context(duties: ["Hướng dẫn hành khách, giám sát sân ga, xử lý tình huống tại ga"])
        #expect(codes(.init(action: "Đứng ở vạch vàng giờ cao điểm, nhắc khách không chen vào khi chuông báo đóng cửa", result: "0 sự cố kẹp cửa"),
                      agent) == [])
    }

    @Test func thePeopleBothServeDoNotTieAnotherRolesWork() {
        // A school nurse and the bursar both serve "học sinh"; collecting their fees is still the bursar's job.
        let nurse = RegistrationCheck.Context(duties: ["Sơ cứu, chăm sóc sức khỏe ban đầu, theo dõi sức khỏe học sinh"])
        #expect(codes(.init(action: "Thu học phí, lập phiếu thu và đối chiếu công nợ học phí của học sinh khối 9 mỗi tháng"), nurse) == [.untied])
        // One word of that role is not enough: a homeroom teacher's show for her class stays hers.
        #expect(codes(.init(action: "Đo thân nhiệt, ghi sổ theo dõi sức khỏe học sinh khối 9 mỗi sáng thứ Hai"), nurse) == [])
    }

    @Test func thePartyCellsWorkIsItsCommitteesAndWhereOneLivesIsNotWork() {
        let driver = RegistrationCheck.Context(duties: ["Lái xe 16 chỗ chở khách đoàn theo hợp đồng thuê xe có lái"])
        let minutes = RegistrationCheck.Registration(action: "Ghi sổ nghị quyết chi bộ và chuẩn bị nội dung sinh hoạt chi bộ hằng tháng")
        #expect(codes(minutes, driver) == [.untied])
        #expect(codes(minutes, .init(duties: driver.duties, position: "Chi ủy viên")) == [])
        let analyst = RegistrationCheck.Context(duties: ["Gia công, phân tích hàm lượng đồng, vàng trong mẫu quặng và tinh quặng"])
        #expect(codes(.init(action: "Trồng 300 cây keo phủ xanh quả đồi trọc ở thôn nơi gia đình sinh sống"), analyst) == [.untied])
    }

    @Test func wiringABuildingIsAnElectriciansTrade() {
        let teacher = RegistrationCheck.Context(duties: ["Giảng dạy Ngữ văn lớp 9A1, 9A2, ôn thi vào lớp 10"])
        #expect(codes(.init(action: "Tự đi dây, lắp thêm ổ cắm và đèn chiếu sáng cho 4 phòng học tầng 3"), teacher) == [.untied])
        // "điện tử" (electronic) is not wiring: an electronic record or ticket stays the job's.
        let dentist = RegistrationCheck.Context(duties: ["Khám, điều trị tủy, nhổ răng tại cơ sở Cầu Giấy"])
        #expect(codes(.init(action: "Chụp phim X-quang quanh chóp trước và sau mỗi ca chữa tủy, lưu vào hồ sơ bệnh án điện tử"), dentist) == [])
    }

    @Test func anOfficeRolesActWithNoneOfItsWordsIsAnothersWork() {
        let buyer = RegistrationCheck.Context(duties: ["Tìm nhà cung cấp, đặt mua vật tư theo đề nghị của các phân xưởng"],
                                              occupation: "Nhân viên mua hàng")
        let flags = RegistrationCheck.flags(.init(action: "Kiểm tra siêu âm 200 mối hàn tôn đáy tàu của phân đoạn 5"), context: buyer)
        #expect(flags.map(\.code) == [.untied])
        #expect(flags.first?.message.contains("«Nhân viên mua hàng»") == true)
        #expect(codes(.init(action: "Lập bảng so sánh báo giá của 3 nhà cung cấp cho mỗi đơn đặt mua vật tư"), buyer) == [])
        let accountant = RegistrationCheck.Context(duties: ["Lập chứng từ, theo dõi thu tiền dịch vụ thí nghiệm và công nợ"],
                                                   occupation: "Kế toán")
        #expect(codes(.init(action: "Hiệu chuẩn nội bộ máy nén bê tông 2000 kN bằng vòng ứng biến chuẩn mỗi quý"), accountant) == [.untied])
        #expect(codes(.init(action: "Đối chiếu công nợ với 20 khách hàng mỗi tháng, gửi biên bản đối chiếu"), accountant) == [])
        // A guard's duties reach the whole site: photographing a stranger's plate is the guard's own watch.
        let guardDuties = RegistrationCheck.Context(duties: ["Tuần tra hầm xe, kiểm soát thẻ xe"], occupation: "Nhân viên bảo vệ")
        #expect(codes(.init(action: "Chụp ảnh biển số xe lạ đỗ quá 24 giờ ở hầm B2, báo ban quản lý trong ca"), guardDuties) == [])
    }

    @Test func upkeepIsTheJobOfWhoeverRunsTheMachineNotOfADesk() {
        // A clerk whose duties are a role of their own (the warehouse's books) does the fitters' job on a conveyor.
        let clerk = RegistrationCheck.Context(duties: ["Theo dõi nhập xuất tồn kho vật tư, lập phiếu xuất kho"], occupation: "Nhân viên kho")
        let flags = RegistrationCheck.flags(.init(action: "Tra mỡ ổ trục và thay vòng bi con lăn băng tải số 3 mỗi tháng"), context: clerk)
        #expect(flags.map(\.code) == [.untied])
        #expect(flags.first?.message.contains("sửa chữa, bảo dưỡng máy móc") == true)
        // Whoever runs the machine keeps it: the operator greasing their own press, the driver checking their brakes.
        let operatorDuties = RegistrationCheck.Context(duties: ["Vận hành máy dập 160 tấn, dập chi tiết vỏ quạt"], occupation: "Công nhân dập")
        #expect(codes(.init(action: "Tra mỡ, kiểm tra bu lông khuôn dập đầu mỗi ca, ghi sổ giao ca"), operatorDuties) == [])
        let driver = RegistrationCheck.Context(duties: ["Lái xe tải chở hàng đi các tỉnh"], occupation: "Lái xe")
        #expect(codes(.init(action: "Kiểm tra má phanh, thay dầu, lọc gió đúng định mức km, ghi sổ lý lịch xe"), driver) == [])
        // One word of upkeep is enough when the duties name a role of their own and share only the plant's sector with it:
        // the statistician who changes a crusher's brake pads.
        let statistician = RegistrationCheck.Context(duties: ["Tổng hợp số liệu than nhập, than tiêu thụ, tồn kho hằng ngày"],
                                                     occupation: "Nhân viên thống kê nhiên liệu")
        let pads = RegistrationCheck.Registration(action: "Thay má phanh và căn chỉnh phanh của máy phá đống khi đến kỳ bảo dưỡng")
        #expect(RegistrationCheck.read(pads, context: statistician).upkeepOfAnother)
        #expect(codes(pads, statistician) == [.untied])
        #expect(!RegistrationCheck.read(.init(action: "Kiểm tra má phanh mỗi sáng"), context: driver).upkeepOfAnother)
    }

    @Test func thePeopleTheDutiesServeAreTheMembersOwnWhateverTheyAreCalled() {
        let pharmacist = RegistrationCheck.Context(duties: ["Tư vấn, bán thuốc tại nhà thuốc số 12"], occupation: "Dược sĩ bán thuốc")
        #expect(codes(.init(action: "Hỏi tiền sử dị ứng, thuốc đang dùng của 100% khách mua kháng sinh, ghi vào phần mềm"), pharmacist) == [])
        // Other people than the duties serve are not: a nurse's pupils are another trade's.
        let nurse = RegistrationCheck.Context(duties: ["Chăm sóc người bệnh, thực hiện y lệnh tại khoa Nội"], occupation: "Điều dưỡng")
        #expect(codes(.init(action: "Dạy kèm Toán miễn phí cho 10 học sinh lớp 9 mỗi tối thứ Bảy"), nurse) == [.untied])
    }

    @Test func doingAnotherRolesWorkWhileTheyAreAwayIsStillTheirs() {
        let clerk = RegistrationCheck.Context(duties: ["Tính phí lưu kho, lập hóa đơn, theo dõi công nợ khách gửi hàng"])
        let covering = codes(.init(action: "Trực ca đêm vận hành máy nén của kho lạnh thay thợ máy trong các tháng cao điểm"), clerk)
        #expect(covering == [.untied])
        let reception = RegistrationCheck.Context(duties: ["Tiếp nhận phiếu chỉ định, xếp số thứ tự, hẹn giờ chụp cho người bệnh"])
        #expect(codes(.init(action: "Lái xe cứu thương chở người bệnh chuyển tuyến vào các ngày đội xe thiếu người"), reception) == [.untied])
        let message = RegistrationCheck.flags(.init(action: "Lái phà thay thuyền phó trong ca đêm dịp cao điểm hè"),
                                              context: .init(duties: ["Lập sổ sách doanh thu, quyết toán vé của các bến phà"])).first?.message
        #expect(message?.contains("«thuyền phó»") == true)
        // Covering for someone in one's own role is one's own job; "thay" that replaces a part names no one.
        let nurse = RegistrationCheck.Context(duties: ["Chăm sóc người bệnh, thực hiện y lệnh tại khoa Nội"], occupation: "Điều dưỡng")
        #expect(codes(.init(action: "Trực đêm thay điều dưỡng nghỉ phép, theo dõi 20 người bệnh nặng"), nurse) == [])
        let mechanic = RegistrationCheck.Context(duties: ["Bảo dưỡng, sửa chữa máy may của chuyền"], occupation: "Thợ máy")
        #expect(codes(.init(action: "Thay kim, chỉnh chân vịt máy may cho chuyền 3 khi thợ máy chuyền 5 nghỉ phép"), mechanic) == [])
        // A holiday ("nghỉ mát") is not someone being away.
        let leader = RegistrationCheck.Context(duties: ["Lái xe buýt tuyến 09"], position: "Tổ trưởng tổ công đoàn")
        #expect(codes(.init(action: "Tổ chức cho đoàn viên trong tổ tham quan, nghỉ mát dịp hè"), leader) == [])
    }

    @Test func aimingAtAnOutcomeIsNoAct() {
        let presser = RegistrationCheck.Context(duties: ["Vận hành máy ép gạch, kiểm tra kích thước viên gạch mộc"])
        let aim = RegistrationCheck.flags(.init(action: "Nâng cao tay nghề, phấn đấu không có viên gạch nứt khi ra lò", result: "100%"),
                                          context: presser)
        #expect(aim.map(\.code) == [.vague])
        #expect(aim.first?.message.contains("mới nêu điều mong đạt được") == true)
        let cook = RegistrationCheck.Context(duties: ["Nấu ăn, chia suất ăn ca cho công nhân"])
        #expect(codes(.init(action: "Bảo đảm tuyệt đối an toàn vệ sinh bếp ăn, không để xảy ra ngộ độc"), cook) == [.vague])
        // An act with the outcome it aims at stays an act.
        #expect(codes(.init(action: "Kiểm tra kích thước 20 viên gạch mộc mỗi ca, bảo đảm không có viên nứt khi ra lò"), presser) == [])
        // An aim reaches the end of its clause only, figures or not.
        let clerk = RegistrationCheck.Context(duties: ["Văn thư, tiếp nhận và lưu trữ hồ sơ của công ty"])
        let reading = RegistrationCheck.read(.init(action: "Phấn đấu không để thất lạc hồ sơ, lập 20 biên bản bàn giao hồ sơ mỗi tháng"), context: clerk)
        #expect(reading.aimedWords.contains("thất") && !reading.aimedWords.contains("lập") && !reading.aimedWords.contains("biên"))
    }

    @Test func anAimGoesOnUntilAnActOrItsMeans() {
        let desk = RegistrationCheck.Context(duties: ["Nhận mẫu, nhập chỉ định và trả kết quả xét nghiệm cho người bệnh"])
        // "chính xác tuyệt đối" goes on naming the aim; "100%" and "không để" measure only the aim.
        let aim = RegistrationCheck.Registration(action: "Đảm bảo trả kết quả đúng hẹn, chính xác tuyệt đối, không để người bệnh phải chờ",
                                                 result: "100%")
        #expect(codes(aim, desk) == [.vague])
        // The means of an aim are an act.
        let sampler = RegistrationCheck.Context(duties: ["Lấy máu, nhận mẫu xét nghiệm cho người bệnh ngoại trú"])
        #expect(codes(.init(action: "Phấn đấu rút ngắn thời gian chờ lấy máu xuống dưới 15 phút bằng cách mở thêm 1 bàn lấy mẫu vào giờ cao điểm"),
                      sampler) == [])
        // So is a clause that begins with a verb of doing, with or without a figure.
        let clerk = RegistrationCheck.Context(duties: ["Văn thư, tiếp nhận và lưu trữ hồ sơ của công ty"])
        #expect(codes(.init(action: "Phấn đấu không để thất lạc hồ sơ, lập sổ bàn giao hồ sơ hằng tuần", deadline: "31/12/2026"), clerk) == [])
    }

    @Test func workDoneWithOrForAnotherTeamIsThatTeams() {
        let packer = RegistrationCheck.Context(duties: ["Đóng gói, dán nhãn thành phẩm trên chuyền số 2"])
        let patrol = RegistrationCheck.flags(.init(action: "Trực đêm cùng tổ bảo vệ, đi tuần quanh kho thành phẩm 3 vòng mỗi đêm thứ Bảy"),
                                             context: packer)
        #expect(patrol.map(\.code) == [.untied])
        #expect(patrol.first?.message.contains("việc của «tổ bảo vệ»") == true)
        // One's own team, unnamed, is one's own work.
        let rescuer = RegistrationCheck.Context(duties: ["Cứu hộ khách trên cabin khi hệ thống dừng khẩn cấp"])
        #expect(codes(.init(action: "Mỗi quý tập cứu hộ trên cabin giả định cùng tổ, bấm giờ và ghi lại thời gian từng người"), rescuer) == [])
        let printer = RegistrationCheck.Context(duties: ["Vận hành máy in bao bì, pha mực theo mẫu thiết kế"])
        #expect(codes(.init(action: "Thiết kế bao bì cho 2 sản phẩm mới thay cho phòng Marketing"), printer) == [.untied])
        // "thay đổi" is a change, not a team ("đội").
        let booking = RegistrationCheck.Context(duties: ["Nhận đặt phòng, báo giá phòng nghỉ cho khách đoàn"])
        #expect(codes(.init(action: "Cập nhật bảng giá mới hằng tuần, gửi cho 30 khách hàng khi có thay đổi phòng nghỉ"), booking) == [])
        // Doing it in another's place outweighs the words it shares with the duties ("bản vẽ").
        let fitter = RegistrationCheck.Context(duties: ["Lắp đặt hệ thống điện nhà xưởng theo bản vẽ thi công"])
        #expect(codes(.init(action: "Vẽ lại bản vẽ hoàn công hệ thống điện của 3 nhà xưởng thay kỹ sư thiết kế"), fitter) == [.untied])
    }

    @Test func charityIsOutsideWorkButTheUnionsCareForMembersIsUnionWork() {
        let ticketing = RegistrationCheck.Context(duties: ["Bán vé, soát vé tại cửa lên ga"])
        #expect(codes(.init(action: "Nấu 100 suất cơm cho người nghèo ở chùa gần nhà vào ngày rằm hằng tháng"), ticketing) == [.untied])
        let checkUps = RegistrationCheck.Registration(action: "Tổ chức khám phụ khoa cho 100% nữ đoàn viên tại nhà văn hóa thôn dịp 8/3")
        let dispatcher = RegistrationCheck.Context(duties: ["Điều phối xe giao hàng từ kho đến cửa hàng"])
        #expect(codes(checkUps, .init(duties: dispatcher.duties, position: "Ủy viên BCH công đoàn, phụ trách nữ công")) == [])
        #expect(codes(checkUps, dispatcher) == [.untied])
    }

    @Test func doingADepartmentsWorkToHelpItIsItsWork() {
        // Payroll is the accounting department's work even for a storekeeper whose books are "sổ sách" too.
        let storekeeper = RegistrationCheck.Context(duties: ["Ghi sổ sách nhập xuất vật tư, đối chiếu tồn kho cuối tháng"])
        #expect(codes(.init(action: "Lập bảng lương, tính thuế thu nhập cá nhân cho 20 công nhân mỗi tháng giúp phòng Kế toán"),
                      storekeeper) == [.untied])
        // One's own work that lets that department do its own is one's own.
        #expect(codes(.init(action: "Đối chiếu số liệu nhập xuất vật tư với phòng Kế toán mỗi tháng, giúp phòng Kế toán khóa sổ đúng hạn"),
                      storekeeper) == [])
    }

    @Test func threeWordsOfAnotherRoleOutweighWordsSharedWithTheDuties() {
        // The drivers the desk hears complaints about are not the desk's to hire.
        let desk = RegistrationCheck.Context(duties: ["Tiếp nhận, giải quyết phản ánh của hành khách về lái xe"])
        #expect(codes(.init(action: "Phỏng vấn, tuyển 12 lái xe mới và ký hợp đồng thử việc với người đạt"), desk) == [.untied])
        #expect(codes(.init(action: "Phỏng vấn 12 lái xe về những phản ánh của hành khách trong quý"), desk) == [])
    }

    /// An act that is one role's job is another's for a member whose own words hold none of that role's words, even when
    /// it concerns what the member works on: the roaster who drives the coffee to the agents.
    @Test func anActThatIsAnotherRolesJobIsUntiedWhateverItIsDoneTo() {
        let roaster = RegistrationCheck.Context(duties: ["Rang cà phê hạt, nạp nhân vào lò rang"], occupation: "Công nhân rang")
        let drive = RegistrationCheck.flags(.init(action: "Lái xe tải giao cà phê cho các đại lý ở Buôn Ma Thuột mỗi thứ Bảy"), context: roaster)
        #expect(drive.map(\.code) == [.untied])
        #expect(drive.first?.message.contains("«Lái xe» là việc của vị trí lái xe") == true, "\(drive)")
        #expect(RegistrationCheck.read(.init(action: "Lái xe tải giao cà phê cho các đại lý"), context: roaster).roleAct?.role == "lái xe")
        // The role's own member, and an act that only begins like it, are not flagged.
        let driver = RegistrationCheck.Context(duties: ["Vận chuyển cà phê thành phẩm đến đại lý"], occupation: "Tài xế")
        #expect(codes(.init(action: "Lái xe tải giao cà phê cho 12 đại lý mỗi thứ Bảy, ghi sổ hành trình"), driver) == [])
        let storeman = RegistrationCheck.Context(duties: ["Xếp dỡ, bảo quản hàng trong kho thành phẩm"])
        #expect(RegistrationCheck.read(.init(action: "Lái xe nâng xếp 40 pallet mỗi ca vào đúng ô kệ"), context: storeman).roleAct == nil)
        #expect(RegistrationCheck.read(.init(action: "Thiết kế bài giảng điện tử cho 10 tiết Toán lớp 10"), context: teacher).roleAct == nil)
        // Tendering is sales' work, not the extruder's, though both are about cable.
        let extruder = RegistrationCheck.Context(duties: ["Đùn vỏ bọc ngoài cáp điện lực"])
        #expect(codes(.init(action: "Lập hồ sơ dự thầu cung cấp cáp cho các dự án của Tổng công ty Điện lực, nộp đúng hạn"), extruder) == [.untied])
        // Where one's work is sent names who receives it: a taster's marks sent before the sales desk quotes are the taster's.
        let taster = RegistrationCheck.Context(duties: ["Thử nếm, chấm điểm chất lượng cà phê nguyên liệu"])
        #expect(RegistrationCheck.read(.init(action: "Thử nếm từng lô, gửi điểm cho phòng Kinh doanh trước khi chào giá"), context: taster).roleAct == nil)
        #expect(RegistrationCheck.read(.init(action: "Chào giá cà phê nhân cho 5 khách hàng Nhật mỗi tháng"), context: taster).roleAct?.act == "chào giá")
    }
}
