/// A first-come-first-served line of incidents (a crew's queue, a stock's back orders), linked
/// through the incidents' own records (`Incident.nextInLine`).
///
/// Not a `Deque`: each deque keeps its elements in an allocation of its own, and with tens of
/// thousands of sites, reaching a site's queue was a cache miss beside the one for the site's
/// record. Here the line is two indices in the record that owns it, and a step along it reads
/// the incident record its caller reads next anyway. An incident stands in at most one line.
struct IncidentLine {
    fileprivate var head: Int32 = -1
    fileprivate var tail: Int32 = -1

    /// The incident at the front, if any.
    var first: IncidentID? { head < 0 ? nil : IncidentID(rawValue: head) }
    var isEmpty: Bool { head < 0 }
}

extension IncidentBook {
    /// Puts `id` at the back of `line`.
    mutating func append(_ id: IncidentID, to line: inout IncidentLine) {
        assert(self[id].nextInLine < 0 && line.tail != id.rawValue, "\(id) already stands in a line")
        if line.tail < 0 {
            line.head = id.rawValue
        } else {
            self[IncidentID(rawValue: line.tail)].nextInLine = id.rawValue
        }
        line.tail = id.rawValue
    }

    /// Takes the incident at the front of `line` out of it.
    mutating func popFirst(of line: inout IncidentLine) -> IncidentID? {
        guard let first = line.first else { return nil }
        line.head = self[first].nextInLine
        self[first].nextInLine = -1
        if line.head < 0 { line.tail = -1 }
        return first
    }
}
