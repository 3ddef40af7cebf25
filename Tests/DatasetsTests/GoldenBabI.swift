/// Golden stories of the built-in bAbI generator (seed 1, training split).
enum GoldenBabI {
    static let task1 = """
    1 Daniel travelled to the kitchen.
    2 John went to the bathroom.
    3 Where is John?\tbathroom\t2
    4 Mary journeyed to the garden.
    5 Mary went to the bedroom.
    6 Where is John?\tbathroom\t2
    7 John moved to the bedroom.
    8 John moved to the garden.
    9 Where is Mary?\tbedroom\t5
    10 Mary went to the hallway.
    11 Daniel went to the hallway.
    12 Where is Daniel?\thallway\t11
    13 Sandra moved to the office.
    14 Sandra moved to the garden.
    15 Where is Daniel?\thallway\t11
    """
    static let task5 = """
    1 Fred went back to the office.
    2 Jeff went to the office.
    3 Bill went to the kitchen.
    4 Jeff got the apple.
    5 Fred picked up the milk there.
    6 Jeff gave the apple to Bill.
    7 Who gave the apple?\tJeff\t6
    8 Jeff went to the bedroom.
    9 Who received the apple?\tBill\t6
    10 Mary travelled to the bathroom.
    11 Who received the apple?\tBill\t6
    12 Bill discarded the apple.
    13 Who received the apple?\tBill\t6
    14 Fred went to the kitchen.
    15 Who received the apple?\tBill\t6
    """
    static let digests = [
        "d90613bf2f61", "30d6a80de824", "1e5966b0c830", "d22f17b58b74", "5b33f9cdf02d", "45637d8a9079", "444e5ba146e8", "28eb14776eb4", "440d3bf2f110", "b0aa2b68476e", "7788735da79b", "81d09759abc2", "90f361934636", "071aa682d328", "f4781143768d", "40175a13b11a", "20551cd6c5f9", "5b31c301f74c", "9151bb42f286", "2f33ff5d60d7",
    ]
}
