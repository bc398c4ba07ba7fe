import SimulationCore
import Testing

@Suite struct ResourcePoolTests {
    @Test func requestsBeyondCapacityWaitFirstComeFirstServed() {
        var pool = ResourcePool<String>(capacity: 2)
        let granted = ["a", "b", "c", "d"].map { pool.request($0) }
        #expect(granted == [true, true, false, false])
        #expect(pool.busy == 2 && pool.queueLength == 2)
        let handedOver = [pool.release(), pool.release()]
        #expect(handedOver == ["c", "d"])
        #expect(pool.busy == 2 && pool.queueLength == 0)
        let idle = [pool.release(), pool.release()]
        #expect(idle == [nil, nil] && pool.busy == 0)
    }
}
