// A lesson imports LessonKit and gets the whole library: the engine and plots (re-exported by
// LessonCore), the support of every lesson, and here the lessons' command-line options
// (`LessonOptions`, `SettingRange`). LessonKit is four modules only so that the support's two halves
// compile side by side on two cores, and beside swift-argument-parser (see Package.swift).
@_exported import LessonCore
@_exported import LessonsPart1
@_exported import LessonsPart2
