import Testing
import Domain

@Suite struct ChoicesTests {
    @Test func gender() {
        #expect(Gender.parse("Nam") == .male)
        #expect(Gender.parse(" NỮ ") == .female)
        #expect(Gender.parse("nu") == .female)
        #expect(Gender.parse("Nu\u{0303}") == .female)
        #expect(Gender.parse("female") == .female)
        #expect(Gender.parse("") == nil)
        #expect(Gender.parse("Khác") == nil)
        #expect(Gender.female.label == "Nữ")
        #expect(Gender.male.rawValue == "male")
    }

    @Test func education() {
        #expect(EducationLevel.parse("đại học") == .bachelor)
        #expect(EducationLevel.parse("DAI  HOC") == .bachelor)
        #expect(EducationLevel.parse("Thạc sĩ") == .master)
        #expect(EducationLevel.parse("Tiến Sỹ") == .doctorate)
        #expect(EducationLevel.parse("thac sy") == .master)
        #expect(EducationLevel.parse("Kỹ thuật") == nil)
        #expect(EducationLevel.parse("chưa qua đào tạo") == EducationLevel.none)
        #expect(EducationLevel.parse("none") == EducationLevel.none)
        #expect(EducationLevel.allCases.count == 7)
        for level in EducationLevel.allCases {
            #expect(EducationLevel.parse(level.label) == level)
            #expect(EducationLevel.parse(level.rawValue) == level)
            #expect(EducationLevel.parse(level.labelEN) == level)
        }
    }

    @Test func politicalTheoryAndStatus() {
        #expect(PoliticalTheory.parse("cu nhan") == .bachelor)
        #expect(PoliticalTheory.parse("Cao cấp") == .advanced)
        #expect(PoliticalTheory.parse("Đại học") == nil)
        for theory in PoliticalTheory.allCases { #expect(PoliticalTheory.parse(theory.label) == theory) }
        for status in MemberStatus.allCases { #expect(MemberStatus.parse(status.label) == status) }
        #expect(MemberStatus.parse("đã ra khỏi tổ chức") == .left)
        #expect(MemberStatus.allCases.filter(\.isCurrentMember) == [.active, .suspended])
    }

    @Test func labelsAreNFC() {
        let labels = Gender.allCases.map(\.label) + EducationLevel.allCases.map(\.label)
            + PoliticalTheory.allCases.map(\.label) + MemberStatus.allCases.map(\.label) + Ethnicity.all
        for label in labels {
            #expect(label.unicodeScalars.elementsEqual(VietnameseText.nfc(label).unicodeScalars))
        }
    }

    @Test func ethnicityList() {
        #expect(Ethnicity.all.count == 54)
        #expect(Set(Ethnicity.all).count == 54)
        // Keys must not collide, or canonical() would map one group onto another.
        #expect(Set(Ethnicity.all.compactMap(Ethnicity.canonical)).count == 54)
        for name in Ethnicity.all { #expect(Ethnicity.canonical(name) == name) }
    }

    @Test(arguments: [
        ("kinh", "Kinh"), ("TÀY", "Tày"), ("H'Mông", "Mông"), ("Hmông", "Mông"), ("Mông", "Mông"),
        ("Êđê", "Ê Đê"), ("Ê-đê", "Ê Đê"), ("Khơ-me", "Khmer"), ("Khơme", "Khmer"), ("Khmer", "Khmer"),
        ("Ba-na", "Ba Na"), ("Gia-rai", "Gia Rai"), ("Xơ-đăng", "Xơ Đăng"), ("Bru Vân Kiều", "Bru - Vân Kiều"),
        ("Bru-Vân Kiều", "Bru - Vân Kiều"), ("Giẻ-Triêng", "Giẻ Triêng"), ("ơ đu", "Ơ Đu"), ("Ra-glai", "Ra Glai"),
    ])
    func ethnicityAliases(input: String, expected: String) {
        #expect(Ethnicity.canonical(input) == expected)
    }

    @Test(arguments: ["", " ", "Việt Nam", "Kinh Tày", "Pháp", "-"])
    func ethnicityRejects(input: String) {
        #expect(Ethnicity.canonical(input) == nil)
    }
}
