@testable import FleetModel
import Stochastics
import Testing

@Suite struct IncidentLineTests {
    /// Three lines over one book take random arrivals and departures; each must give back its
    /// incidents in the order they joined, as an array kept beside it does.
    @Test func linesThroughTheBookKeepFirstComeFirstServed() {
        var book = IncidentBook()
        let ids = (0..<40).map { book.open(Incident(component: ComponentID(componentClass: 0, instance: $0), mode: 0,
                                                    site: SiteID(0), failedAt: 0)) }
        var lines = [IncidentLine](repeating: IncidentLine(), count: 3)
        var expected: [[IncidentID]] = [[], [], []]
        var standingApart = ids
        let stream = RandomStream(masterSeed: 17, name: "lines")
        for step in 0..<5_000 {
            let line = stream.index(below: lines.count)
            if !standingApart.isEmpty && stream.uniform() < 0.55 {
                let id = standingApart.remove(at: stream.index(below: standingApart.count))
                book.append(id, to: &lines[line])
                expected[line].append(id)
            } else {
                let popped = book.popFirst(of: &lines[line])
                #expect(popped == expected[line].first, "step \(step), line \(line)")
                if let popped {
                    expected[line].removeFirst()
                    standingApart.append(popped)
                }
            }
            #expect(lines.map(\.first) == expected.map(\.first) && lines.map(\.isEmpty) == expected.map(\.isEmpty), "step \(step)")
        }
        for line in lines.indices {
            var drained: [IncidentID] = []
            while let id = book.popFirst(of: &lines[line]) { drained.append(id) }
            #expect(drained == expected[line] && lines[line].isEmpty, "line \(line)")
        }
        #expect(ids.allSatisfy { book[$0].nextInLine == -1 })
    }
}
