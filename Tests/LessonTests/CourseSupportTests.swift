import Foundation
import LessonKit
import Testing

@Suite("Course runner helpers")
struct CourseSupportTests {
    /// What Swift 6.3 prints when an optimised lesson traps (index out of range), abridged.
    static let crashLog = """
        [forgetting   0.1s] data: built-in synthetic digits
        [forgetting   0.4s] seed 1 (1/3): Task 1, then Task 2

        *** Signal 4: Backtracing from 0x55fc27255eec... done ***

        *** Program crashed: Illegal instruction at 0x000055fc27255eec ***

        Platform: x86_64 Linux (Debian GNU/Linux 12 (bookworm))

        Thread 0 "forgetting" crashed:

          0  0x000055fc27255eec main + 332 in forgetting
        ...

        Registers:

        rax 0x000055fc27258060  68 13 7e f0 83 7f 00 00 ff ff ff ff 04 00 00 80  h·~ð····ÿÿÿÿ····
        rdx 0xe100000000000000  16212958658533785600
         r8 0x0000000000000007  7
        rip 0x000055fc27255eec  0f 0b 48 8d 3d

        Images (2 omitted):

        0x000055fc27254000–0x000055fc27256e8c <no build ID> forgetting /tmp/forgetting
        """

    @Test func aCrashIsSummarisedByItsCauseNotItsRegisters() {
        let summary = errorSummary(Self.crashLog)
        #expect(summary == "[forgetting   0.1s] data: built-in synthetic digits\n[forgetting   0.4s] seed 1 (1/3): Task 1, then Task 2\nProgram crashed: Illegal instruction at 0x000055fc27255eec", "\(summary)")
        #expect(!summary.contains("rax") && !summary.contains("Images"))
        let error = errorSummary("[evaluation 0.1s] data: …\nError: /data: holds no MNIST files\n")
        #expect(error == "Error: /data: holds no MNIST files")
    }

    @Test func signalsHaveTheirNames() {
        #expect(signalName(SIGILL) == "SIGILL" && signalName(SIGSEGV) == "SIGSEGV" && signalName(SIGKILL) == "SIGKILL" && signalName(64) == "signal 64")
    }
}
