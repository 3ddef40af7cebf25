import Foundation

/// A family of digit tasks built from the same images (issue 20, the `taskonomy` lesson: which task
/// helps which). Image tasks change the pixels and keep the ten labels; label tasks keep the pixels
/// and ask another question, with their own label space (so a learner needs a head per task).
public enum DigitTaskKind: String, Codable, Sendable, CaseIterable {
    /// The digits as they are.
    case clean
    /// Gaussian noise (σ = 0.5) and salt (5% of the pixels), the forgetting lesson's corruption.
    case noisy
    /// Rotated 90° counter-clockwise.
    case rotated
    /// Turned upside down (rotated 180°).
    case upsideDown = "upside-down"
    /// Inverted intensities: 1 − x.
    case inverted
    /// Pixels in one fixed random order (the family's seed).
    case permuted
    /// Even or odd: two classes (0 = even).
    case parity
    /// Greater than 4 or not: two classes (0 = 0…4).
    case large

    /// How many classes the task's labels take.
    public var classes: Int { self == .parity || self == .large ? 2 : 10 }

    /// A short name for figures: "clean", "upside-down", "even/odd", "> 4" (with a no-break space).
    public var title: String {
        switch self {
        case .parity: "even/odd"
        case .large: ">\u{00A0}4"     // a no-break space: a figure's category label stays on one line
        default: rawValue
        }
    }

    /// `set` (ten-class digits) made into this task; `seed` fixes the noise and the permutation,
    /// so a task is the same for every split that uses the same seed's permutation.
    public func make(_ set: DigitSet, seed: UInt64) -> DigitSet {
        precondition(set.classCount == 10, "the family is built from ten-class digits")
        switch self {
        case .clean: return set
        case .noisy: return DigitTasks.corrupted(set, Corruption(noise: 0.5, salt: 0.05), seed: seed ^ 0x6E6F69)
        case .rotated: return DigitTasks.rotated(set, degrees: 90)
        case .upsideDown: return DigitTasks.rotated(set, degrees: 180)
        case .inverted: return DigitSet(images: set.images.map { 1 - $0 }, labels: set.labels, classCount: 10)
        case .permuted: return DigitTasks.permuted(set, DigitTasks.permutations(count: 2, seed: seed)[1])
        case .parity: return DigitSet(images: set.images, labels: set.labels.map { $0 % 2 }, classCount: 2)
        case .large: return DigitSet(images: set.images, labels: set.labels.map { $0 > 4 ? 1 : 0 }, classCount: 2)
        }
    }
}
