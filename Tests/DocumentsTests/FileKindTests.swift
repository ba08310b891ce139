import Foundation
import Testing
import Domain
@testable import Documents

let pdfBytes = Data("%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n%%EOF\n".utf8)
let pngBytes = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52])
let jpegBytes = Data([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00])

func zip(_ paths: [String]) throws -> Data {
    try OOXMLZip.make(paths.map { ($0, Data("<x/>".utf8)) })
}

func refusal(_ result: Result<FileKind, FileRefusal>) -> FileRefusal? {
    if case .failure(let r) = result { return r }
    return nil
}

@Suite struct SniffTests {
    @Test func signatures() throws {
        #expect(FileKind.sniff(pdfBytes) == .pdf)
        #expect(FileKind.sniff(pngBytes) == .png)
        #expect(FileKind.sniff(jpegBytes) == .jpeg)
        #expect(FileKind.sniff(try zip(["[Content_Types].xml", "word/document.xml"])) == .docx)
        #expect(FileKind.sniff(try zip(["[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"])) == .xlsx)
    }

    @Test func realDocxFromOurWriter() throws {
        let data = try DocxDocument(title: "t", blocks: [.paragraph(Paragraph("Xin chào"))]).data()
        #expect(FileKind.sniff(data) == .docx)
    }

    @Test func partNamesAreCaseInsensitive() throws {
        #expect(FileKind.sniff(try zip(["Word/Document.XML"])) == .docx)
    }

    @Test func otherZipsAreRefused() throws {
        #expect(FileKind.sniff(try zip(["readme.txt", "photos/a.jpg"])) == nil)
        #expect(FileKind.sniff(try zip(["[Content_Types].xml", "ppt/presentation.xml"])) == nil)
        // Both main parts: Word and Excel readers would disagree on what it is.
        #expect(FileKind.sniff(try zip(["word/document.xml", "xl/workbook.xml"])) == nil)
        // A lookalike path is not the part.
        #expect(FileKind.sniff(try zip(["x/word/document.xml"])) == nil)
    }

    /// A damaged document whose directory points past its end is no document: before, reading it from memory trapped
    /// and took the server down with it. So is any other damage.
    @Test func damagedDocumentsAreRefusedNotCrashedOn() throws {
        let good = [UInt8](try DocxDocument(title: "t", blocks: [.paragraph(Paragraph("Xin chào"))]).data())
        var z = good
        let eocd = z.count - 22
        #expect(Array(z[eocd ..< eocd + 4]) == [0x50, 0x4B, 0x05, 0x06])
        let far = UInt32(z.count + 1000)
        for k in 0 ..< 4 { z[eocd + 16 + k] = UInt8((far >> (8 * UInt32(k))) & 0xFF) }
        #expect(FileKind.sniff(Data(z)) == nil)
        var rng = SplitMix64(seed: 20261206)
        for i in 0 ..< 500 {
            var bad = good
            // At least one byte after the signature, so there is always a byte to change.
            if i % 2 == 0 { bad = Array(bad.prefix(Int.random(in: 5 ..< bad.count, using: &rng))) }
            bad[Int.random(in: max(4, bad.count - 100) ..< bad.count, using: &rng)] = UInt8.random(in: 0 ... 255, using: &rng)
            _ = FileKind.sniff(Data(bad))
        }
    }

    @Test func truncatedSignatures() {
        #expect(FileKind.sniff(Data("%PDF".utf8)) == nil)
        #expect(FileKind.sniff(pngBytes.prefix(7)) == nil)
        #expect(FileKind.sniff(Data([0xFF, 0xD8])) == nil)
        #expect(FileKind.sniff(Data([0x50, 0x4B, 0x03, 0x04])) == nil)
        #expect(FileKind.sniff(Data([0x50, 0x4B, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8])) == nil)
        #expect(FileKind.sniff(Data()) == nil)
    }

    @Test func mimeTypesAndExtensions() {
        #expect(FileKind.pdf.mimeType == "application/pdf")
        #expect(FileKind.png.mimeType == "image/png")
        #expect(FileKind.jpeg.mimeType == "image/jpeg")
        #expect(FileKind.docx.mimeType == "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        #expect(FileKind.xlsx.mimeType == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        #expect(FileKind.allCases.map(\.fileExtension) == ["pdf", "docx", "xlsx", "jpg", "png"])
    }
}

@Suite struct ValidateTests {
    let tenMB = 10 * 1_048_576

    @Test func acceptsHonestFiles() throws {
        #expect(try FileCheck.validate(pdfBytes, fileName: "Minh chứng.pdf", maxBytes: tenMB).get() == .pdf)
        #expect(try FileCheck.validate(pdfBytes, fileName: "BAO CAO.PDF", maxBytes: tenMB).get() == .pdf)
        #expect(try FileCheck.validate(jpegBytes, fileName: "anh.jpeg", maxBytes: tenMB).get() == .jpeg)
        #expect(try FileCheck.validate(jpegBytes, fileName: "anh.JPG", maxBytes: tenMB).get() == .jpeg)
        #expect(try FileCheck.validate(pngBytes, fileName: "chụp màn hình", maxBytes: tenMB).get() == .png)
        // Not an extension: no letter after the dot.
        #expect(try FileCheck.validate(pdfBytes, fileName: "Báo cáo v1.2", maxBytes: tenMB).get() == .pdf)
        #expect(try FileCheck.validate(try zip(["word/document.xml"]), fileName: "a.docx", maxBytes: tenMB).get() == .docx)
    }

    @Test func empty() {
        let r = refusal(FileCheck.validate(Data(), fileName: "a.pdf", maxBytes: tenMB))
        #expect(r?.reason == .empty)
        #expect(r?.message == "Tệp “a.pdf” không có nội dung (0 byte). Hãy chọn lại tệp.")
    }

    @Test func tooLarge() {
        let data = pdfBytes + Data(count: tenMB)
        let r = refusal(FileCheck.validate(data, fileName: "lớn.pdf", maxBytes: tenMB))
        #expect(r?.reason == .tooLarge(size: data.count, limit: tenMB))
        #expect(r?.message == "Tệp “lớn.pdf” quá lớn (10,1 MB); chỉ nhận tệp tối đa 10 MB.")
        // The size check comes before reading anything.
        let junk = refusal(FileCheck.validate(Data(count: 2_621_440), fileName: "x", maxBytes: 2 * 1_048_576))
        #expect(junk?.message.contains("(2,5 MB)") == true)
    }

    @Test func vietnameseMegabytes() {
        #expect(FileCheck.megabytes(10 * 1_048_576) == "10 MB")
        #expect(FileCheck.megabytes(1_572_864) == "1,5 MB")
        #expect(FileCheck.megabytes(1024 * 1_048_576) == "1.024 MB")
        #expect(FileCheck.megabytes(10 * 1_048_576 + 1, roundingUp: true) == "10,1 MB")
    }

    @Test func typeNotAllowed() throws {
        let r = refusal(FileCheck.validate(Data("MZ\u{90}\0".utf8), fileName: "virus.exe", maxBytes: tenMB))
        #expect(r?.reason == .notAllowed)
        #expect(r?.message == "Tệp “virus.exe” không thuộc loại được phép. Chỉ nhận: PDF, DOCX, XLSX, JPEG, PNG.")
        let plainZip = refusal(FileCheck.validate(try zip(["a.txt"]), fileName: "hồ sơ.zip", maxBytes: tenMB))
        #expect(plainZip?.reason == .notAllowed)
        let pptx = refusal(FileCheck.validate(try zip(["ppt/presentation.xml"]), fileName: "b.docx", maxBytes: tenMB))
        #expect(pptx?.reason == .notAllowed)
        // A narrower list is what the message offers.
        let images = refusal(FileCheck.validate(pdfBytes, fileName: "a.pdf", maxBytes: tenMB, allowed: [.png, .jpeg]))
        #expect(images?.message.hasSuffix("Chỉ nhận: JPEG, PNG.") == true)
    }

    @Test func lyingExtension() throws {
        let r = refusal(FileCheck.validate(pngBytes, fileName: "Giấy khen.pdf", maxBytes: tenMB))
        #expect(r?.reason == .extensionMismatch(extension: "pdf", actual: .png))
        #expect(r?.message == "Tệp “Giấy khen.pdf” có đuôi .pdf nhưng nội dung là ảnh PNG. "
            + "Hãy đổi tên tệp cho đúng (đuôi .png) rồi tải lên lại.")
        let xlsxAsDocx = refusal(FileCheck.validate(try zip(["xl/workbook.xml"]), fileName: "a.docx", maxBytes: tenMB))
        #expect(xlsxAsDocx?.reason == .extensionMismatch(extension: "docx", actual: .xlsx))
        let pdfAsExe = refusal(FileCheck.validate(pdfBytes, fileName: "a.exe", maxBytes: tenMB))
        #expect(pdfAsExe?.reason == .extensionMismatch(extension: "exe", actual: .pdf))
    }

    @Test func namesInMessagesAreTamed() {
        let r = refusal(FileCheck.validate(Data(), fileName: "C:\\Users\\x\\a\r\nb.pdf", maxBytes: 1))
        #expect(r?.message == "Tệp “ab.pdf” không có nội dung (0 byte). Hãy chọn lại tệp.")
        let unnamed = refusal(FileCheck.validate(Data(), fileName: "", maxBytes: 1))
        #expect(unnamed?.message == "Tệp đã chọn không có nội dung (0 byte). Hãy chọn lại tệp.")
    }
}

@Suite struct ContentDispositionTests {
    @Test func vietnameseName() {
        #expect(ContentDisposition.value(fileName: "Bản đăng ký.docx")
            == "attachment; filename=\"Ban dang ky.docx\"; filename*=UTF-8''B%E1%BA%A3n%20%C4%91%C4%83ng%20k%C3%BD.docx")
        #expect(ContentDisposition.value(.inline, fileName: "ĐOÀN VIÊN.pdf").hasPrefix("inline; filename=\"DOAN VIEN.pdf\";"))
    }

    @Test func decomposedInputIsComposedFirst() {
        let decomposed = "Nguye\u{0302}\u{0303}n.pdf"
        #expect(ContentDisposition.value(fileName: decomposed).hasSuffix("UTF-8''Nguy%E1%BB%85n.pdf"))
    }

    @Test func headerBreakingCharactersAreRemoved() {
        let v = ContentDisposition.value(fileName: "a\"b\r\nSet-Cookie: x=1\\..\\../etc/passwd%41.pdf")
        #expect(!v.contains("\r") && !v.contains("\n"))
        #expect(v == "attachment; filename=\"abSet-Cookie: x=1...._etc_passwd_41.pdf\"; "
            + "filename*=UTF-8''abSet-Cookie%3A%20x%3D1...._etc_passwd%2541.pdf")
    }

    @Test func hiddenOrEmptyNames() {
        #expect(ContentDisposition.value(fileName: "../../x").hasPrefix("attachment; filename=\"_.._x\""))
        #expect(ContentDisposition.value(fileName: "\"\"") == "attachment; filename=\"tep\"; filename*=UTF-8''tep")
        #expect(ContentDisposition.value(fileName: "文件.pdf").hasPrefix("attachment; filename=\"__.pdf\""))
    }

    @Test func longNamesKeepTheirExtension() {
        let v = ContentDisposition.sanitized(String(repeating: "ă", count: 300) + ".docx")
        #expect(v.count == 150)
        #expect(v.hasSuffix(".docx"))
    }
}
