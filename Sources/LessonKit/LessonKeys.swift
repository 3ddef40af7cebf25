/// Every lesson's `results.json` scalar keys, from the lesson family that defines them. The
/// lessons write them, their texts read them, and the tests check the quick runs and the rubrics
/// against this list, so a key is spelled in one place.
public enum LessonKeys {
    public static let scalars: [String: [ResultKey]] = [
        "forgetting": NoisyClean.forgettingKeys,
        "curriculum": NoisyClean.curriculumKeys,
        "evaluation": SequenceBaseline.resultKeys,
        "plasticity": PlasticityKeys.all,
        "gem": GEMKeys.all,
        "replay": ReplayKeys.all,
        "allocation": AllocationKeys.all,
        "babi": BabIKeys.all,
        "new-classes": NewClassesKeys.all,
        "taskonomy": TaskonomyKeys.all(),
        "error-surface": TwoParameterGuard.lessonGuards(lambda: 5).flatMap { [$0.lossKey(task: 1), $0.lossKey(task: 2)] },
    ]
}
