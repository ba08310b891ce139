import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Base for the SAX handlers: collects text while `capturing` and lets a handler
/// stop the parse with a user-facing error.
class SAXHandler: NSObject, XMLParserDelegate {
    var capturing = false
    var buffer = ""
    var failure: SpreadsheetError?

    func start(_ name: String, _ attributes: [String: String]) {}
    func end(_ name: String) {}

    final func fail(_ error: SpreadsheetError, _ parser: XMLParser) {
        if failure == nil { failure = error }
        parser.abortParsing()
    }

    final func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                      qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        guard failure == nil else { return }
        start(localName(elementName), attributeDict)
        if let failure { fail(failure, parser) }
    }

    final func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
                      qualifiedName qName: String?) {
        guard failure == nil else { return }
        end(localName(elementName))
        if let failure { fail(failure, parser) }
    }

    final func parser(_ parser: XMLParser, foundCharacters string: String) {
        if capturing { buffer += string }
    }

    final func parser(_ parser: XMLParser, foundIgnorableWhitespace whitespaceString: String) {
        if capturing { buffer += whitespaceString }
    }

    final func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        if capturing { buffer += String(decoding: CDATABlock, as: UTF8.self) }
    }
}

/// Element and attribute names without their namespace prefix: producers are free
/// to write `<x:c>` instead of `<c>`, and `r:id` may use any prefix.
/// Returns `name` itself when unprefixed, which is the common case and allocates nothing.
@inline(__always)
func localName(_ name: String) -> String {
    guard let colon = name.utf8.lastIndex(of: UInt8(ascii: ":")) else { return name }
    return String(name[name.index(after: colon)...])
}

extension String {
    /// Byte-level substring test; Foundation's `contains` is far slower on hot paths.
    func containsASCII(_ needle: StaticString) -> Bool {
        let n = needle.utf8CodeUnitCount
        let pattern = UnsafeBufferPointer(start: needle.utf8Start, count: n)
        var copy = self
        return copy.withUTF8 { bytes in
            guard bytes.count >= n, n > 0 else { return n == 0 }
            var i = 0
            while i + n <= bytes.count {
                if bytes[i] == pattern[0], UnsafeBufferPointer(rebasing: bytes[i..<(i + n)]).elementsEqual(pattern) {
                    return true
                }
                i += 1
            }
            return false
        }
    }
}

func attribute(_ attributes: [String: String], local: String) -> String? {
    if let direct = attributes[local] { return direct }
    for (key, value) in attributes where localName(key) == local { return value }
    return nil
}

enum XML {
    static func unsafeContent(_ part: String) -> SpreadsheetError {
        SpreadsheetError("Tệp Excel chứa khai báo DOCTYPE/ENTITY không được phép (phần \(part)); tệp có thể không an toàn.")
    }

    static func broken(_ part: String) -> SpreadsheetError {
        SpreadsheetError("Tệp Excel bị hỏng: không đọc được phần \(part).")
    }

    /// Runs `handler` over `data`. DTDs are refused outright rather than trusting the
    /// XML library's entity settings: no legitimate XLSX part has one, and refusing
    /// them closes XXE and entity-expansion ("billion laughs") attacks.
    static func parse(_ data: Data, part: String, with handler: SAXHandler) throws(SpreadsheetError) {
        var scan = MarkupScan()
        if let problem = scan.feed(data, part: part) ?? scan.finish(part: part) { throw problem }
        // A stream makes XMLParser feed libxml2 in small chunks; handed one Data it
        // pushes everything at once and libxml2 gives up on parts over 10 MB.
        try run(InputStream(data: data), part: part, with: handler)
    }

    /// Runs `handler` over a part inflated into a file (`ZipPackage.extract`), which made the checks of `parse(_:)` on
    /// its chunks as they came.
    static func parse(file: TemporaryFile, part: String, with handler: SAXHandler) throws(SpreadsheetError) {
        guard let stream = InputStream(url: file.url) else { throw broken(part) }
        try run(stream, part: part, with: handler)
    }

    private static func run(_ stream: InputStream, part: String, with handler: SAXHandler) throws(SpreadsheetError) {
        let parser = XMLParser(stream: stream)
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = false
        parser.shouldReportNamespacePrefixes = false
        parser.delegate = handler
        let ok = parser.parse()
        parser.delegate = nil
        if let failure = handler.failure { throw failure }
        guard ok else { throw broken(part) }
    }

    /// The checks of `parse(_:)`, on a part that comes in chunks: a wide encoding at its start, a markup declaration
    /// anywhere, even split between two chunks.
    struct MarkupScan {
        private var started = false
        private var tail = Data()

        mutating func feed(_ chunk: Data, part: String) -> SpreadsheetError? {
            if !started && !chunk.isEmpty {
                started = true
                // UTF-16 (or other wide) encodings would hide "<!DOCTYPE" from the byte scan below; real XLSX parts
                // are UTF-8, so they are refused.
                let head = chunk.prefix(4)
                if chunk.count >= 2 && (head.contains(0) || head.starts(with: [0xFE, 0xFF]) || head.starts(with: [0xFF, 0xFE])) {
                    return XML.broken(part)
                }
            }
            // A "<!" is judged with the 8 bytes after it, so the last 8 bytes wait for the next chunk ("<!-" may end
            // one chunk and "-" begin the next).
            let window = tail.isEmpty ? chunk : tail + chunk
            if containsMarkupDeclaration(window, startingBefore: window.count - 8) { return XML.unsafeContent(part) }
            tail = Data(window.suffix(8))
            return nil
        }

        /// The bytes held back, judged once the part has ended.
        func finish(part: String) -> SpreadsheetError? {
            containsMarkupDeclaration(tail) ? XML.unsafeContent(part) : nil
        }
    }

    fileprivate static func containsMarkupDeclaration(_ data: Data, startingBefore limit: Int = .max) -> Bool {
        data.withUnsafeBytes { raw -> Bool in
            let p = raw.bindMemory(to: UInt8.self)
            let n = p.count
            var i = 0
            while i + 1 < n && i < limit {
                // "<!" starts comments, CDATA and declarations; only comments and CDATA are legitimate.
                if p[i] == UInt8(ascii: "<"), p[i + 1] == UInt8(ascii: "!") {
                    let rest = UnsafeBufferPointer(rebasing: p[(i + 2)..<min(n, i + 9)])
                    let isComment = rest.starts(with: Array("--".utf8))
                    let isCDATA = rest.starts(with: Array("[CDATA[".utf8))
                    if !isComment && !isCDATA { return true }
                }
                i += 1
            }
            return false
        }
    }
}
