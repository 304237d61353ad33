import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import GovernanceAPI
import GovernanceTestSupport
import Testing

/// The QBR pack against the real governd over TLS with the demo tenants (Ops/demo-data): its numbers
/// are the individual RPCs' numbers, it regenerates byte for byte, never names the other tenant, and
/// a real browser (Debian's chromium, headless) renders it to a non-blank PNG and a PDF.
@Suite("QBR pack end to end", .serialized)
struct QbrEndToEndTests {
    static let tenant = "northwind"
    static let other = "contoso"
    static let quarter = "2026-Q4"

    static func build(_ server: TestServer, token: String?? = .none, tenant: String = tenant, quarter: String = quarter,
                      program: String = "") async throws -> Governance_V1_BuildQbrReply {
        try await server.client(token: token) { client in
            var request = Governance_V1_BuildQbrRequest()
            request.tenant = tenant
            request.quarter = quarter
            request.program = program
            return try await Governance_V1_QbrService.Client(wrapping: client).buildQbr(request)
        }
    }

    static func close(_ a: Double?, _ b: Double?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case (let a?, let b?): return abs(a - b) <= 1e-9
        default: return false
        }
    }

    @Test("the pack shows the RPCs' numbers, regenerates byte-identical, never names another tenant, renders in Chromium")
    func pack() async throws {
        try await TestServer.with { server in
            try server.applyDemo([Self.tenant, Self.other])
            for tenant in [Self.tenant, Self.other] {
                try ScorecardReferenceTests.importAll(server, tenant: tenant, file: { Demo.file(tenant, $0) })
            }
            let reply = try await Self.build(server)
            let data = try QualityEndToEndTests.json(reply.dataJson)
            try await Self.checkNumbers(server, reply: reply, data: data)

            // Deterministic: built again (and by a tenant viewer, and through govctl), the same bytes.
            let again = try await Self.build(server)
            #expect(again.html == reply.html)
            #expect(again.dataJson == reply.dataJson)
            #expect(again.htmlSha256 == reply.htmlSha256 && reply.htmlSha256.count == 64)
            let viewer = try await server.createToken(role: .tenantViewer, tenants: [Self.tenant], name: "qbr-viewer")
            let asViewer = try await Self.build(server, token: viewer.secret)
            #expect(asViewer.html == reply.html, "the pack must not depend on who builds it")
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qbr-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let htmlPath = directory.appendingPathComponent("qbr.html").path
            let jsonPath = directory.appendingPathComponent("qbr.json").path
            let cli = try server.govctl([
                "qbr", "--tenant", Self.tenant, "--quarter", Self.quarter, "--out", htmlPath, "--json", jsonPath,
            ])
            #expect(cli.status == 0, "govctl qbr: \(cli.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: htmlPath)) == Data(reply.html.utf8))
            #expect(try Data(contentsOf: URL(fileURLWithPath: jsonPath)) == Data(reply.dataJson.utf8))
            #expect(cli.stdout.contains(reply.htmlSha256))
            let printed = try server.govctl(["qbr", "--tenant", Self.tenant, "--quarter", Self.quarter, "--format", "json"])
            #expect(printed.stdout == reply.dataJson + "\n")

            // Nothing of the other tenant: its id, name, program ids and names.
            let programs = try await server.client { client in
                var request = Governance_V1_ListProgramsRequest()
                request.tenant = Self.other
                return try await Governance_V1_ManifestService.Client(wrapping: client).listPrograms(request).programs
            }
            try #require(!programs.isEmpty)
            let foreign = [Self.other, "Contoso Bank"] + programs.flatMap { [$0.id, $0.name] }
            for name in foreign {
                #expect(!reply.html.contains(name), "the HTML names \(name) of tenant \(Self.other)")
                #expect(!reply.dataJson.contains(name), "the JSON names \(name) of tenant \(Self.other)")
            }
            #expect(reply.html.contains("Northwind Telecom") && reply.html.contains("Customer Care"))

            try await Self.checkForbidden(server)
            try await Self.checkEarlyQuarter(server)
            try Self.checkInBrowser(html: reply.html, directory: directory)
        }
    }

    /// Every key figure of the JSON equals what the individual RPC answers.
    static func checkNumbers(_ server: TestServer, reply: Governance_V1_BuildQbrReply, data: [String: Any]) async throws {
        let listed = try await server.client { client in
            var request = Governance_V1_ListProgramsRequest()
            request.tenant = tenant
            return try await Governance_V1_ManifestService.Client(wrapping: client).listPrograms(request).programs
        }
        #expect(reply.programs == listed.map(\.id).sorted())
        #expect(data["quarters"] as? [String] == ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"])
        #expect(data["months"] as? [String] == ["2026-10", "2026-11", "2026-12"])
        let sections = try #require(data["programs"] as? [[String: Any]])
        #expect(sections.count == listed.count)
        let viewer = try await server.createToken(role: .tenantViewer, tenants: [tenant], name: "qbr-bench")
        let matrix = try await server.client { client in
            var request = Governance_V1_ComplianceMatrixRequest()
            request.tenant = tenant
            request.from = "2026-10"
            request.to = "2026-12"
            return try await Governance_V1_SlaService.Client(wrapping: client).getComplianceMatrix(request)
        }
        let summary = try #require(data["tenant_summary"] as? [String: Any])
        let tenantCredits = try #require(summary["sla_totals"] as? [String: Any])
        #expect(close(tenantCredits["credits_total"] as? Double, matrix.totals.creditsTotal))
        #expect(close(tenantCredits["credits_net"] as? Double, matrix.totals.creditsNet))

        var composites = 0
        for section in sections {
            let program = try #require(section["id"] as? String)
            let (card, trend, status, health, coaching, review) = try await server.client { client in
                let scorecards = Governance_V1_ScorecardService.Client(wrapping: client)
                var cardRequest = Governance_V1_ProgramScorecardRequest()
                cardRequest.tenant = tenant
                cardRequest.program = program
                cardRequest.period = quarter
                var trendRequest = Governance_V1_TrendRequest()
                trendRequest.tenant = tenant
                trendRequest.program = program
                trendRequest.from = "2025-10"
                trendRequest.to = "2026-12"
                var statusRequest = Governance_V1_SlaStatusRequest()
                statusRequest.tenant = tenant
                statusRequest.program = program
                statusRequest.month = "2026-10"
                var healthRequest = Governance_V1_ProgramHealthRequest()
                healthRequest.tenant = tenant
                healthRequest.program = program
                healthRequest.month = "2026-10"
                var coachingRequest = Governance_V1_CoachingCompletionRequest()
                coachingRequest.tenant = tenant
                coachingRequest.program = program
                coachingRequest.month = quarter
                var reviewRequest = Governance_V1_ReviewPackageRequest()
                reviewRequest.tenant = tenant
                reviewRequest.program = program
                reviewRequest.month = "2026-10"
                return (
                    try await scorecards.getProgramScorecard(cardRequest), try await scorecards.getTrend(trendRequest),
                    try await Governance_V1_SlaService.Client(wrapping: client).getSlaStatus(statusRequest),
                    try await Governance_V1_PartnershipHealthService.Client(wrapping: client).getProgramHealth(healthRequest),
                    try await Governance_V1_QualityService.Client(wrapping: client).coachingCompletion(coachingRequest),
                    try await Governance_V1_ReviewService.Client(wrapping: client).reviewPackage(reviewRequest)
                )
            }
            let asTenantUser = try await server.client(token: viewer.secret) { client in
                var request = Governance_V1_BenchmarkRequest()
                request.tenant = tenant
                request.period = quarter
                return try await Governance_V1_BenchmarkService.Client(wrapping: client).getBenchmark(request)
            }

            // Scores: the quarter is the last of five.
            let quarters = try #require(section["quarters"] as? [[String: Any]])
            #expect(quarters.count == 5)
            let current = try #require(quarters.last)
            #expect(current["quarter"] as? String == quarter)
            #expect(close(current["composite"] as? Double, card.hasComposite ? card.composite : nil), "\(program) composite")
            if card.hasComposite { composites += 1 }
            for category in card.categories {
                let shown = (current["categories"] as? [[String: Any]])?.first { $0["category"] as? String == category.category }
                #expect(close(shown?["score"] as? Double, category.hasScore ? category.score : nil), "\(program) \(category.category)")
            }
            // Monthly trend: fifteen months, each the GetTrend composite.
            let points = try #require(section["trend"] as? [[String: Any]])
            #expect(points.count == 15 && trend.points.count == 15)
            for (shown, point) in zip(points, trend.points) {
                #expect(shown["month"] as? String == point.month)
                #expect(close(shown["composite"] as? Double, point.hasComposite ? point.composite : nil), "\(program) \(point.month)")
                #expect(shown["complete"] as? Bool == point.complete, "\(program) \(point.month) complete")
            }
            // SLA: October's cells are GetSlaStatus; the quarter's credits are the compliance matrix row.
            if let sla = section["sla"] as? [String: Any] {
                let rows = try #require(sla["rows"] as? [[String: Any]])
                for line in status.slas {
                    let row = rows.first { $0["metric"] as? String == line.metric }
                    let october = (row?["cells"] as? [[String: Any]])?.first
                    #expect(october?["status"] as? String == line.status, "\(program) \(line.metric)")
                    #expect(close(october?["credit"] as? Double ?? 0, line.credit))
                    #expect(october?["earn_back"] as? String == line.earnBack)
                }
                let row = try #require(matrix.programs.first { $0.program == program })
                let totals = try #require(sla["totals"] as? [String: Any])
                #expect(close(totals["credits_total"] as? Double ?? 0, row.totals.creditsTotal))
                #expect(close(totals["credits_returned"] as? Double ?? 0, row.totals.creditsReturned))
            } else {
                #expect(status.slas.isEmpty, "\(program): SLAs in force but no SLA section")
            }
            // Health: October's head count, tenure and eNPS.
            let months = try #require((section["health"] as? [String: Any])?["months"] as? [[String: Any]])
            #expect(close(months.first?["headcount"] as? Double, health.headcount))
            #expect(close(months.first?["tenure_median_days"] as? Double, health.hasTenureMedianDays ? health.tenureMedianDays : nil))
            #expect(close(months.first?["enps"] as? Double, health.hasEnps ? health.enps : nil))
            // Coaching completion of the quarter.
            let completion = (section["coaching"] as? [[String: Any]])?.first
            #expect(completion?["period"] as? String == quarter)
            #expect(completion?["tasks_due"] as? Int == Int(coaching.tasksDue))
            #expect(close(completion?["coaching_completion"] as? Double, coaching.hasCoachingCompletion ? coaching.coachingCompletion : nil))
            // Benchmark: the composite line is what the tenant's own viewer sees.
            let line = (section["benchmark"] as? [[String: Any]])?.first { $0["subject"] as? String == "composite" }
            let seen = asTenantUser.programs.first { $0.programID == program }
            #expect(close(line?["value"] as? Double, seen?.value))
            #expect(close(line?["percentile"] as? Double, seen.flatMap { $0.hasPercentile ? $0.percentile : nil }))
            // Top gaps: October is the quarter's latest month with answered contacts.
            let gaps = (section["top_gaps"] as? [[String: Any]]) ?? []
            #expect(gaps.map { $0["metric"] as? String } == review.topGaps.map(\.metric))
            for (shown, gap) in zip(gaps, review.topGaps) {
                #expect(close(shown["points_lost"] as? Double, gap.pointsLost))
            }
        }
        #expect(composites > 0, "the demo tenant should have at least one scored program in \(quarter)")
    }

    static func checkForbidden(_ server: TestServer) async throws {
        let outsider = try await server.createToken(role: .tenantViewer, tenants: [other], name: "qbr-outsider")
        #expect(await QualityEndToEndTests.code { _ = try await build(server, token: outsider.secret) } == .permissionDenied)
        #expect(await QualityEndToEndTests.code { _ = try await build(server, program: "cb-tech") } == .notFound)
        #expect(await QualityEndToEndTests.code { _ = try await build(server, program: "no-such-program") } == .notFound)
        #expect(await QualityEndToEndTests.code { _ = try await build(server, quarter: "2026-10") } == .invalidArgument)
        #expect(await QualityEndToEndTests.code { _ = try await build(server, quarter: "2026-Q5") } == .invalidArgument)
        let cli = try server.govctl(["qbr", "--tenant", tenant, "--quarter", "2026-13", "--format", "json"])
        #expect(cli.status != 0 && cli.stderr.contains("INVALID_ARGUMENT"))
        let noOutput = try server.govctl(["qbr", "--tenant", tenant, "--quarter", quarter])
        #expect(noOutput.status != 0 && noOutput.stderr.contains("--out"))
    }

    /// 2026-Q3 starts before the first scorecard version (2026-08): the quarter says so, the months
    /// that have one are in the trend, and nothing fails.
    static func checkEarlyQuarter(_ server: TestServer) async throws {
        let reply = try await build(server, quarter: "2026-Q3", program: "nw-care")
        #expect(reply.programs == ["nw-care"])
        let data = try QualityEndToEndTests.json(reply.dataJson)
        let section = try #require((data["programs"] as? [[String: Any]])?.first)
        let current = try #require((section["quarters"] as? [[String: Any]])?.last)
        #expect(current["composite"] == nil)
        #expect((current["note"] as? String)?.isEmpty == false)
        let trend = try #require(section["trend"] as? [[String: Any]])
        #expect(trend.contains { $0["month"] as? String == "2026-08" && $0["composite"] != nil })
        #expect(reply.html.contains("No data: no scorecard version is in force in 2026-Q3"))
    }

    // MARK: - Browser

    /// Renders the page with headless Chromium to a 1280 × 2000 PNG and a PDF and checks both.
    static func checkInBrowser(html: String, directory: URL) throws {
        let candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        guard let chromium = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            Issue.record("headless Chromium is required for the QBR browser check: install Debian's chromium (Ops/setup.sh does)")
            return
        }
        let page = directory.appendingPathComponent("qbr.html")
        try Data(html.utf8).write(to: page)
        let png = directory.appendingPathComponent("qbr.png").path
        let pdf = directory.appendingPathComponent("qbr.pdf").path
        let common = [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
            "--user-data-dir=\(directory.appendingPathComponent("profile").path)",
        ]
        let shot = try TestServer.run(chromium, common + ["--screenshot=\(png)", "--window-size=1280,2000", page.absoluteString])
        try #require(FileManager.default.fileExists(atPath: png), "chromium wrote no PNG: \(shot.stderr.suffix(2000))")
        let printed = try TestServer.run(
            chromium, common + ["--print-to-pdf=\(pdf)", "--no-pdf-header-footer", page.absoluteString])
        try #require(FileManager.default.fileExists(atPath: pdf), "chromium wrote no PDF: \(printed.stderr.suffix(2000))")

        // The PNG: decoded by a small reader (python3's zlib), 1280 × 2000, not blank, charts painted.
        let check = try TestServer.run("/usr/bin/env", ["python3", "-c", pngReader, png])
        #expect(check.status == 0, "PNG reader: \(check.stderr)")
        let figures = check.stdout.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        try #require(figures.count == 4, "PNG reader printed \(check.stdout)")
        #expect(figures[0] == 1280 && figures[1] == 2000, "PNG size \(figures[0]) × \(figures[1])")
        #expect(figures[2] > figures[0] * figures[1] / 100, "the screenshot is (nearly) blank: \(figures[2]) dark pixels")
        #expect(figures[3] > 500, "no chart blue (#0072B2) in the screenshot: \(figures[3]) pixels")

        // The PDF: a PDF with at least one page (one page per program plus the summary, when printed).
        let bytes = try Data(contentsOf: URL(fileURLWithPath: pdf))
        #expect(bytes.starts(with: Array("%PDF-".utf8)))
        let text = String(decoding: bytes, as: Unicode.ASCII.self)
        let pages = text.components(separatedBy: "/Type /Page").dropFirst().filter { !$0.hasPrefix("s") }.count
        // The summary, then each of the two programs from a new page (print CSS `break-before: page`).
        #expect(pages >= 3, "the PDF has \(pages) page(s); expected the summary and a page break per program")
    }

    /// Prints `width height non-white-pixels chart-blue-pixels` of an 8-bit RGB(A) PNG.
    static let pngReader = """
        import struct, sys, zlib
        data = open(sys.argv[1], 'rb').read()
        assert data[:8] == b'\\x89PNG\\r\\n\\x1a\\n', 'not a PNG'
        pos, idat = 8, b''
        while pos < len(data):
            length, kind = struct.unpack('>I4s', data[pos:pos + 8])
            body = data[pos + 8:pos + 8 + length]
            if kind == b'IHDR':
                width, height, depth, ctype = struct.unpack('>IIBB', body[:10])
            elif kind == b'IDAT':
                idat += body
            pos += 12 + length
        assert depth == 8 and ctype in (2, 6), 'unexpected PNG format'
        bpp = 3 if ctype == 2 else 4
        raw, stride = zlib.decompress(idat), width * bpp
        prev, i, dark, blue = bytearray(stride), 0, 0, 0
        for y in range(height):
            kind, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
            i += 1 + stride
            if kind == 1:
                for x in range(bpp, stride): line[x] = (line[x] + line[x - bpp]) & 255
            elif kind == 2:
                for x in range(stride): line[x] = (line[x] + prev[x]) & 255
            elif kind == 3:
                for x in range(stride): line[x] = (line[x] + ((line[x - bpp] if x >= bpp else 0) + prev[x]) // 2) & 255
            elif kind == 4:
                for x in range(stride):
                    a = line[x - bpp] if x >= bpp else 0
                    b, c = prev[x], (prev[x - bpp] if x >= bpp else 0)
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
            for x in range(0, stride, bpp):
                r, g, b = line[x], line[x + 1], line[x + 2]
                if min(r, g, b) < 200: dark += 1
                if r < 40 and 90 < g < 140 and 150 < b < 205: blue += 1
            prev = line
        print(width, height, dark, blue)
        """
}
