/// The links a transfer crosses, at most four (spine, storage, WAN, a remote site's storage),
/// stored inline so that opening a transfer or reallocating rates allocates nothing.
public struct LinkPath: RandomAccessCollection, Hashable, Sendable {
    public static let capacity = 4
    private var first: Int32 = 0, second: Int32 = 0, third: Int32 = 0, fourth: Int32 = 0
    public private(set) var count = 0

    public init() {}

    public init(_ links: some Sequence<Int32>) {
        for link in links { append(link) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> Int32 {
        get {
            precondition(position >= 0 && position < count, "link \(position) of a path of \(count)")
            switch position {
            case 0: return first
            case 1: return second
            case 2: return third
            default: return fourth
            }
        }
        set {
            switch position {
            case 0: first = newValue
            case 1: second = newValue
            case 2: third = newValue
            default: fourth = newValue
            }
        }
    }

    public mutating func append(_ link: Int32) {
        precondition(count < Self.capacity, "a path has at most \(Self.capacity) links")
        count += 1
        self[count - 1] = link
    }
}
