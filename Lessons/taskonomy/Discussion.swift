import LessonKit

/// The taskonomy lesson's readings of its own numbers.
enum TaskonomyDiscussion {
    static let family = """
        Six of the tasks keep the digit as the label and change the pixels: clean, noisy (Gaussian noise and salt), rotated \
        90°, upside down, inverted (1 − x) and permuted (every image's pixels in the same fixed random order — nothing a \
        human would call a digit). Two keep the pixels and change the question: even or odd, and greater than 4. One \
        network body is shared; each task has its own output layer (ten outputs, or two for the label tasks).
        """

    static let rules = """
        The map speaks of pairs; an order is a chain of them. **The greedy rule** (Taskonomy's reading: forward transfer \
        only) starts with the pair of the largest gain and then takes, each time, the task that the learned ones \
        transfer to best. It scores an order by Q = Σₖ max over j < k of gain(oⱼ → oₖ). But tasks learned one after another \
        are also forgotten, and the same pair runs say how much: after source s then target t, s is scored again — what \
        t *cost* s. **The pairwise rule** predicts each order's accuracy after the last task from the pairs alone: each \
        task's accuracy alone, plus the best gain a task before it gives, minus what every task after it costs it, \
        averaged over the tasks — and picks the order it predicts best (a formula over all orders, no training). Both \
        rules see only the validation images; the orders are then learned and scored on test images.
        """

    /// The largest gains and losses, and the first merges of the taxonomy.
    static func map(_ map: TransferMap, names: [String]) -> String {
        let ordered: [(Int, Int)] = names.indices.flatMap { (s: Int) -> [(Int, Int)] in names.indices.filter { $0 != s }.map { (s, $0) } }
        let pairs = ordered.sorted { (p: (Int, Int), q: (Int, Int)) -> Bool in map.gains[p.0][p.1] > map.gains[q.0][q.1] }
        func pair(_ p: (Int, Int)) -> String { "\(names[p.0]) → \(names[p.1]) \(points(map.gains[p.0][p.1]).replacingOccurrences(of: " points", with: ""))" }
        let helpful = pairs.prefix(3).map(pair).joined(separator: ", "), harmful = pairs.suffix(2).reversed().map(pair).joined(separator: ", ")
        let merges = map.merges.prefix(3).map { "\($0.left.map { names[$0] }.joined(separator: " + ")) with \($0.right.map { names[$0] }.joined(separator: " + "))" }
        let scratchWins = names.indices.filter { (t: Int) -> Bool in
            let best: Double = (0..<names.count).filter { $0 != t }.map { map.affinities[$0][t] }.max()!
            return map.affinities[names.count][t] >= best
        }
        return """
        The biggest helps (in points of the target's accuracy): \(helpful). The biggest harms: \(harmful). Most gains are a \
        few points either way: with \(names.count) tasks from the same images, much of what one learns is reusable, but a \
        budget of one small task is not enough to make a source's features much better than the target's own. The raw \
        gains are not comparable across targets (a hard target has more room to gain), which is why Taskonomy ranks \
        sources per target, example by example; \(scratchWins.isEmpty ? "no target is learned best from scratch" : "from scratch ranks first for " + scratchWins.map { names[$0] }.joined(separator: ", ") + " — no source helps them more than their own start"). \
        The taxonomy joins \(merges.joined(separator: ", then ")).
        """
    }

    /// Part 3's table: the predicted orders beside the median, best and worst, and the issue's goal.
    static func table(_ agg: SeedAggregate, study: OrderStudy, subset: [String]) -> Table {
        func cell(_ which: String, _ metric: String) -> String {
            percent(agg.mean(TaskonomyKeys.order(which, metric))) + " ± " + Ticks.formatNumber(100 * agg.ci(TaskonomyKeys.order(which, metric)), decimals: 1)
        }
        func order(_ o: Int) -> String { study.orders[o].map { subset[$0] }.joined(separator: " → ") }
        let median = agg.mean(TaskonomyKeys.order("median", "ACC"))
        func versus(_ which: String) -> String { points(agg.mean(TaskonomyKeys.order(which, "ACC")) - median).replacingOccurrences(of: " points", with: "") }
        let rows = [["pairwise rule (gains and costs)", order(study.pairwiseBest), cell("predicted", "ACC"), versus("predicted"), cell("predicted", "BWT"),
                     percent(study.percentile(study.pairwiseBest), decimals: 0), Ticks.formatNumber(study.pairwiseCorrelation, decimals: 2)],
                    ["greedy rule (forward gains)", order(study.greedyIndex), cell("greedy", "ACC"), versus("greedy"), cell("greedy", "BWT"),
                     percent(study.percentile(study.greedyIndex), decimals: 0), Ticks.formatNumber(study.greedyCorrelation, decimals: 2)],
                    ["best order of each seed", "", cell("best", "ACC"), versus("best"), cell("best", "BWT"), "", ""],
                    ["median of all orders", "", cell("median", "ACC"), "0", cell("median", "BWT"), "50%", ""],
                    ["worst order of each seed", "", cell("worst", "ACC"), versus("worst"), cell("worst", "BWT"), "", ""]]
        return Table(caption: "All \(study.orders.count) orders of \(subset.count) tasks, learned one after another (mean ± 95% interval over \(agg.seedCount) seeds). Goal (the issue; the slide has no numbers): the predicted order above the median of all orders on ACC, with the rank correlation stated. \"vs median\" is ours − the median, in points; \"percentile\" is the share of orders (mean over seeds) below the rule's order; ρ is Spearman's between the rule's score and the measured ACC over all orders.",
                     headers: ["rule", "order", "ACC", "vs median", "BWT", "percentile", "ρ"], rows: rows)
    }

    static func orders(_ study: OrderStudy, agg: SeedAggregate, map: TransferMap, subset: [String]) -> String {
        func order(_ o: Int) -> String { study.orders[o].map { subset[$0] }.joined(separator: " → ") }
        let spread = agg.mean(TaskonomyKeys.order("best", "ACC")) - agg.mean(TaskonomyKeys.order("worst", "ACC"))
        let lastOfGreedy = subset[study.greedy.last!], lastOfBest = subset[study.orders[study.best].last!]
        let gainSize = map.gains.flatMap { $0 }.map(abs).max()!, costSize = map.costs.flatMap { $0 }.max()!
        let verdict = study.percentile(study.pairwiseBest) > 0.5 ? "above the median: the goal is met" : "not above the median: the goal is missed"
        return """
        The order matters: from the worst order to the best, ACC differs by \(points(spread)) on the same five tasks with the same \
        budget. The pairwise rule picks \(order(study.pairwiseBest)) (\(percent(study.accuracy[study.pairwiseBest])) averaged over \
        seeds, better than \(percent(study.percentile(study.pairwiseBest), decimals: 0)) of the orders — \(verdict); its prediction \
        ranks all orders with ρ = \(Ticks.formatNumber(study.pairwiseCorrelation, decimals: 2)) (its scale is off — it \
        adds up the pairs' costs as if forgetting added up, which it does not — but only its ranking is used). The greedy rule, forward transfer only, \
        picks \(order(study.greedyIndex)) (\(percent(study.accuracy[study.greedyIndex])), better than \
        \(percent(study.percentile(study.greedyIndex), decimals: 0)) of the orders; ρ = \(Ticks.formatNumber(study.greedyCorrelation, decimals: 2))). \
        The reason is in the two maps' sizes: the largest gain is \(points(gainSize)), the largest cost \(points(costSize)). Learned one \
        after another with nothing to guard the old tasks, what a later task destroys decides far more than what an earlier task \
        lends — the greedy rule puts \(lastOfGreedy) last, the best order measured puts \(lastOfBest) last. Taskonomy's question (which \
        source helps a target) and the lecture's (which order keeps most) need different halves of the same measurements.
        """
    }
}
