import Datasets
import LessonKit

/// The taskonomy lesson's prose; every number in it comes from this run.
enum TaskonomyText {
    static func settings(_ s: TaskonomySetup) -> [(String, String)] {
        [("tasks", s.kinds.map(\.title).joined(separator: ", ") + " (the same images; a head per task: 10 outputs, 2 for even/odd and > 4)"),
         ("network", "784-\(s.hidden.map(String.init).joined(separator: "-")), ReLU, a head per task, fine-tuned (no guard against forgetting)"),
         ("a task's budget", "\(grouped(s.examples)) training images, \(s.steps) steps of batch \(s.batchSize), Adam 1e-3 (fresh per task) — alone, after a source, or in a sequence"),
         ("transfer map", "measured on \(grouped(s.validation)) held-out training images (never the test set); Taskonomy's wins clipped to [0.001, 0.999]"),
         ("orders", "every order of \(s.subset.map(\.title).joined(separator: ", ")) (\(TaskOrderCount.of(s.subset.count)) orders), scored on \(grouped(s.testImages)) test images a task")]
    }

    static let learn = ["How to measure which task helps which: a transfer map, and Taskonomy's normalisation of it",
                        "How a taxonomy of tasks comes out of the map by clustering",
                        "Whether the map can choose a good learning order — and why forward transfer alone is not enough when tasks are learned one after another"]

    static func intro(_ data: DatasetIdentity) -> String {
        """
        ## From two tasks to many
        The curriculum lesson learned two tasks in both orders and found that the order decides what is kept. With many \
        tasks there are too many orders to try (8 tasks: 40,320). Taskonomy (Zamir et al. 2018) measures how much each \
        task helps each other one — train on a source, then fine-tune on a target with a small budget — and reads the \
        structure of the tasks from that map. Here the tasks are eight views of the same digits, every task gets the same \
        small budget, and the map is then asked the slide's question: *in which order should the tasks be learned?* \
        \(digitsNote(data))
        """
    }

    static func fill(_ report: inout Report, agg: SeedAggregate, map: TransferMap, study: OrderStudy, setup: TaskonomySetup, figures: [String: Figure], data: DatasetIdentity) {
        let names = setup.kinds.map(\.title), sub = setup.subset.map(\.title)
        let (predicted, median) = (agg.mean(TaskonomyKeys.order("predicted", "ACC")), agg.mean(TaskonomyKeys.order("median", "ACC")))
        report.learn = learn
        report.thumbnailFigure = "gains"
        report.headline = ("the order the map predicts vs the median of all \(study.orders.count) orders (ACC after the last task; ρ = \(Ticks.formatNumber(study.pairwiseCorrelation, decimals: 2)))",
                           "\(percent(predicted)) vs \(percent(median))")
        report.add(.markdown(intro(data)))
        report.add(.markdown("## 1. A family of tasks"))
        report.add(.figure(name: "family", figures["family"]!, caption: "Three test images as each task sees them. Image tasks change the pixels and keep the digit; label tasks keep the pixels and ask another question."))
        report.add(.markdown(TaskonomyDiscussion.family))
        report.add(.markdown("## 2. The transfer map and its taxonomy"))
        report.add(.figure(name: "gains", figures["gains"]!, caption: "Validation accuracy of the column's task after learning the row's task first, minus the column's task learned alone (points, mean over \(agg.seedCount) seeds; held-out training images, not the test set)."))
        report.add(.figure(name: "affinities", figures["affinities"]!, caption: "Taskonomy's normalisation of the same runs: for each target, how often (example by example, by the loss) each source's transfer beats each other's; the principal eigenvector of the ratio matrix W / Wᵀ ranks the sources. The last row is the target learned from scratch."))
        report.add(.figure(name: "taxonomy", figures["taxonomy"]!, caption: "Average-linkage clustering on 1 − the mutual affinity (the mean of the two tasks' affinities for each other): tasks joined low help each other both ways."))
        report.add(.markdown(TaskonomyDiscussion.map(map, names: names)))
        report.add(.markdown("## 3. Choosing the order"))
        report.add(.markdown(TaskonomyDiscussion.rules))
        report.add(.figure(name: "costs", figures["costs"]!, caption: "The same pairs, read the other way: the row's task's validation accuracy lost when the column's task is learned after it (points, mean over \(agg.seedCount) seeds)."))
        report.add(.figure(name: "orders", figures["orders"]!, caption: "Every order of \(sub.joined(separator: ", ")), learned one task after another (mean over \(agg.seedCount) seeds): its accuracy on all five after the last task (top) and its backward transfer (middle), each sorted, with the two rules' orders marked; bottom: the pairwise prediction against the measured accuracy."))
        report.add(.table(TaskonomyDiscussion.table(agg, study: study, subset: sub)))
        report.add(.markdown(TaskonomyDiscussion.orders(study, agg: agg, map: map, subset: sub)))
        report.add(.exercises(exercises))
    }

    /// "Try it": each expectation was checked by running it (built-in digits) before it was written.
    static let exercises = Exercises(tries: [
        .init("swift run -c release taskonomy --steps 300 --seeds 1",
              expect: "Three times the steps a task: each task alone barely improves (clean about 80% → 83%), but the costs grow (the mean cost of a pair from about 18 to 25 points, the largest from 52 to 65) and the gains shrink (the largest from +9 to +5 points). The pairwise rule's order still beats about 94% of the orders; the greedy rule's stays low (about 22%)."),
        .init("swift run -c release taskonomy --examples 200 --steps 30 --seeds 1",
              expect: "A tiny budget: every task alone is weaker (clean about 56%), the gains grow (the largest about +18 points) and the costs shrink (about 11 points a pair on average) — yet the greedy rule still lands low (about 10% of the orders below it) and the pairwise rule higher (about 74%): even here, forgetting decides more than transfer."),
        .init("swift run -c release taskonomy --subset clean,noisy,permuted,upside-down --seeds 1",
              expect: "24 orders of four tasks without the fragile inverted digits: the orders end closer together (about 56% to 67%) and both rules land near the middle (pairwise about 62%, better than about 65% of the orders; greedy about 61%, 52%). Without one task that must come last, the pairs have less to say."),
    ], questions: [
        "Inverted digits and clean digits look nothing alike, yet they join first in the taxonomy. What does a first layer need to change to go from one to the other?",
        "The gains are a few points; the costs are tens of points. What does that say about the question 'which order?' for a network without any guard against forgetting?",
        "The greedy rule uses only forward transfer. Which task does it put last, and why would the last task matter so much for ACC?",
    ])
}

/// n! for the settings line.
enum TaskOrderCount {
    static func of(_ n: Int) -> String { grouped((1...max(n, 1)).reduce(1, *)) }
}
