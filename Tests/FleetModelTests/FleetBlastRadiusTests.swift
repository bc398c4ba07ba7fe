@testable import FleetModel
import SimulationCore
import Testing

@Suite struct FleetBlastRadiusTests {
    typealias Fixtures = FleetFixtures

    @Test func aPDUFailureTakesExactlyItsRacksGPUs() {
        let topology = FleetTopology(Fixtures.smallFleet())
        var model = FleetSimulation(topology: topology, masterSeed: 1, replication: 0)
        var calendar = EventCalendar<FleetSimulation.Event>()
        #expect(model.ledger.totalUsable == 48)

        // A GPU in rack 0 first, then rack 1's PDU: rack 1 loses its 8 GPUs, nothing else.
        let gpu = Fixtures.instance(.gpu, rack: 0, in: topology)
        model.fail(ComponentID(componentClass: Fixtures.Class.gpu.rawValue, instance: gpu), calendar: &calendar)
        #expect(model.ledger.totalUsable == 47)
        let pdu = Fixtures.instance(.pdu, rack: 1, in: topology)
        model.fail(ComponentID(componentClass: Fixtures.Class.pdu.rawValue, instance: pdu), calendar: &calendar)
        #expect(model.ledger.totalUsable == 39)
        #expect(model.ledger.usable(site: 0) == 15 && model.ledger.usable(site: 1) == 24)

        // A GPU inside the dark rack changes nothing now, and stays down after the PDU is back.
        let gpuInDarkRack = Fixtures.instance(.gpu, rack: 1, in: topology)
        model.fail(ComponentID(componentClass: Fixtures.Class.gpu.rawValue, instance: gpuInDarkRack), calendar: &calendar)
        #expect(model.ledger.totalUsable == 39)
        calendar.run(&model, until: 2.5)  // GPUs repaired at 0.1 + 2; the PDU at 0.1 + 3
        #expect(model.ledger.totalUsable == 40)
        calendar.run(&model, until: 10)
        #expect(model.ledger.totalUsable == 48)
    }

    @Test func aWANCutHidesASitesFaultsUntilItHeals() {
        let topology = FleetTopology(Fixtures.smallFleet(wanRepair: 10, detection: 0.1))
        var model = FleetSimulation(topology: topology, masterSeed: 1, replication: 0)
        var calendar = EventCalendar<FleetSimulation.Event>()
        let wan = Fixtures.instance(.wanLink, site: 1, in: topology)
        model.fail(ComponentID(componentClass: Fixtures.Class.wanLink.rawValue, instance: wan), calendar: &calendar)
        #expect(model.ledger.totalUsable == 48, "the cut site keeps running")
        calendar.run(&model, until: 1)

        // At t = 1 a GPU fails at the cut-off site and another at the connected site.
        let hiddenGPU = Fixtures.instance(.gpu, rack: 3, in: topology)
        let visibleGPU = Fixtures.instance(.gpu, rack: 0, in: topology)
        model.fail(ComponentID(componentClass: Fixtures.Class.gpu.rawValue, instance: hiddenGPU), calendar: &calendar)
        model.fail(ComponentID(componentClass: Fixtures.Class.gpu.rawValue, instance: visibleGPU), calendar: &calendar)
        calendar.run(&model, until: 9)
        // Connected: detected at 1.1, repaired at 3.1. Cut off: still undetected, still down.
        #expect(model.statistics.detectionTimes.count == 2)  // the cut itself and the visible GPU
        #expect(model.ledger.usable(site: 0) == 24 && model.ledger.usable(site: 1) == 23)

        calendar.run(&model, until: 20)
        // The link heals at 0.1 + 10 = 10.1; the hidden fault is detected 0.1 later and repaired
        // 2 h after that.
        let detections = model.statistics.detectionTimes.sorted()
        #expect(detections.count == 3)
        #expect(abs(detections[2] - (10.2 - 1)) < 1e-9)
        #expect(model.ledger.totalUsable == 48)
    }
}
