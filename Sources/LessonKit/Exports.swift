// A lesson imports LessonKit and gets the whole library: the engine and plots (re-exported by
// LessonCore) and the support of every lesson. LessonKit is three modules only so that its two
// halves compile side by side on two cores (see Package.swift).
@_exported import LessonCore
@_exported import LessonsPart1
@_exported import LessonsPart2
