import Foundation

/// The time zone of each US and Canadian area code, for quiet hours (Q1).
///
/// An area code whose numbers live in one time zone maps to that zone's IANA name; one that
/// spans several zones (or observes daylight saving time only in part), and every toll-free
/// code, maps to nil, and the practice's own zone is used instead. Every accepted code of
/// ``NANPAreaCodes`` is listed exactly once; `NANPAreaCodeTimeZoneTests` checks it.
extension NANPAreaCodes {
    /// The time zone of the numbers with `areaCode`, or nil when the code spans several zones,
    /// is toll-free or is not a US or Canadian code.
    public static func timeZone(for areaCode: Int) -> TimeZone? {
        zoneTable[areaCode].flatMap { $0 }.flatMap(TimeZone.init(identifier:))
    }

    /// Whether the zone table has a line for `areaCode` (one zone, or "several").
    static func zoneTableLists(_ areaCode: Int) -> Bool { zoneTable[areaCode] != nil }

    /// Codes listed more than once in ``zoneRows``. Must be empty; a test checks it.
    static let duplicateZoneCodes: [Int] = {
        var seen = Set<Int>()
        return zoneRows.flatMap(\.codes).filter { !seen.insert($0).inserted }
    }()

    /// Area code → zone identifier (nil inside: listed as spanning several zones).
    static let zoneTable: [Int: String?] = {
        var table: [Int: String?] = [:]
        for row in zoneRows {
            for code in row.codes where table[code] == nil { table[code] = .some(row.zone) }
        }
        return table
    }()

    struct ZoneRow: Sendable {
        let zone: String?
        let codes: [Int]

        static func zone(_ identifier: String, _ codes: Int...) -> ZoneRow { ZoneRow(zone: identifier, codes: codes) }
        static func several(_ codes: Int...) -> ZoneRow { ZoneRow(zone: nil, codes: codes) }
    }

    // Sources: the NANPA "Area Codes by Geographic Location" list (as in NANPAreaCodes.swift) and
    // the US and Canadian time-zone boundaries by county and census division. An area code is
    // "several" when any part of it keeps another clock: a county in another zone (Florida's
    // panhandle 850, Idaho 208, Oregon's Malheur county 541), a place without daylight saving
    // time (Arizona's Navajo Nation in 928 keeps it, Lloydminster on Saskatchewan's border), or
    // an overlay over such codes.
    static let zoneRows: [ZoneRow] = [
        // Eastern.
        .zone("America/New_York",
              // Connecticut, Delaware, District of Columbia, Georgia, Maine, Maryland, Massachusetts.
              203, 475, 860, 959, 302, 202, 771, 229, 404, 470, 478, 678, 706, 762, 770, 912, 943, 207,
              227, 240, 301, 410, 443, 667, 339, 351, 413, 508, 617, 774, 781, 857, 978,
              // Florida without the panhandle.
              239, 305, 321, 324, 352, 386, 407, 561, 645, 656, 689, 727, 728, 754, 772, 786, 813, 863, 904,
              941, 954,
              // New Hampshire, New Jersey, New York, North Carolina, Ohio.
              603, 201, 551, 609, 640, 732, 848, 856, 862, 908, 973, 212, 315, 329, 332, 347, 363, 516, 518,
              585, 607, 624, 631, 646, 680, 716, 718, 838, 845, 914, 917, 929, 934, 252, 336, 472, 704, 743,
              828, 910, 919, 980, 984, 216, 220, 234, 283, 326, 330, 380, 419, 436, 440, 513, 567, 614, 740,
              937,
              // Pennsylvania, Rhode Island, South Carolina, Vermont, Virginia, West Virginia.
              215, 223, 267, 272, 412, 445, 484, 570, 582, 610, 717, 724, 814, 835, 878, 401, 803, 821, 839,
              843, 854, 864, 802, 276, 434, 540, 571, 686, 703, 757, 804, 826, 948, 304, 681,
              // Kentucky's east and Louisville, Tennessee's Knoxville.
              502, 859, 865),
        .zone("America/Detroit", 231, 248, 269, 313, 517, 586, 616, 679, 734, 810, 947, 989),
        .zone("America/Indiana/Indianapolis", 260, 317, 463, 765),
        // Central.
        .zone("America/Chicago",
              // Alabama, Arkansas, Illinois, Indiana's north-west, Iowa.
              205, 251, 256, 334, 483, 659, 938, 327, 479, 501, 870, 217, 224, 309, 312, 331, 447, 464, 618,
              630, 708, 730, 773, 779, 815, 847, 861, 872, 219, 319, 515, 563, 641, 712,
              // Kansas's east, Louisiana, Minnesota, Mississippi, Missouri, Nebraska's east.
              316, 913, 225, 318, 337, 457, 504, 985, 218, 320, 507, 612, 651, 763, 924, 952, 228, 601, 662,
              769, 235, 314, 417, 557, 573, 636, 660, 816, 975, 402, 531,
              // Oklahoma, Tennessee's middle and west, Texas without El Paso and the Trans-Pecos.
              405, 539, 572, 580, 918, 615, 629, 731, 901, 210, 214, 254, 281, 325, 346, 361, 409, 430, 469,
              512, 682, 713, 726, 737, 806, 817, 830, 832, 903, 936, 940, 945, 956, 972, 979,
              // Wisconsin.
              262, 274, 353, 414, 534, 608, 715, 920),
        // Mountain.
        .zone("America/Denver",
              // Colorado, Montana, New Mexico, Utah, Wyoming.
              303, 719, 720, 748, 970, 983, 406, 505, 575, 385, 435, 801, 307),
        .zone("America/Phoenix", 480, 520, 602, 623),
        // Pacific.
        .zone("America/Los_Angeles",
              // California, Nevada's south, Oregon's west, Washington.
              209, 213, 279, 310, 323, 341, 350, 357, 369, 408, 415, 424, 442, 510, 530, 559, 562, 619, 626,
              628, 650, 657, 661, 669, 707, 714, 738, 747, 760, 805, 818, 820, 831, 837, 840, 858, 909, 916,
              925, 949, 951, 702, 725, 503, 971, 206, 253, 360, 425, 509, 564),
        // Alaska, Hawaii and the territories.
        .zone("Pacific/Honolulu", 808),
        .zone("America/Puerto_Rico", 787, 939),
        .zone("America/St_Thomas", 340),
        .zone("Pacific/Guam", 671),
        .zone("Pacific/Saipan", 670),
        .zone("Pacific/Pago_Pago", 684),
        // Canada.
        .zone("America/Toronto",
              // Ontario without the north-west, Quebec without the Gulf of St. Lawrence's islands.
              226, 249, 289, 343, 365, 382, 416, 437, 519, 548, 613, 647, 683, 705, 742, 753, 905, 942, 263,
              354, 438, 450, 468, 514, 579, 819, 873),
        .zone("America/Edmonton", 368, 403, 587, 780, 825),
        .zone("America/Vancouver", 604),
        .zone("America/Winnipeg", 204, 431, 584),
        .zone("America/Moncton", 428, 506),
        .zone("America/Halifax", 782, 902),
        // Several zones: the practice's zone is used.
        .several(
            // Alaska (the western Aleutians keep Hawaii-Aleutian time), Arizona's north (Navajo
            // Nation keeps daylight saving time), Florida's panhandle, Idaho, Indiana's south-west
            // and Starke county.
            907, 928, 448, 850, 208, 986, 812, 930, 574,
            // Kansas's west, Kentucky's west and Cumberland/Clinton counties, Michigan's Upper
            // Peninsula, Nebraska's west, Nevada's West Wendover, North Dakota, Oregon's east.
            620, 785, 270, 364, 606, 906, 308, 775, 701, 458, 541,
            // South Dakota, Tennessee's Marion county and the Cumberland Plateau, El Paso and
            // the Trans-Pecos.
            605, 423, 931, 915, 432,
            // British Columbia's interior and its overlays, Newfoundland and Labrador, north-west
            // Ontario, Quebec's east (Magdalen Islands), Saskatchewan (Lloydminster), the North.
            236, 250, 257, 672, 778, 709, 879, 807, 273, 367, 418, 581, 306, 474, 639, 867,
            // Toll-free: no place at all.
            800, 833, 844, 855, 866, 877, 888),
    ]
}

extension PhoneNumber {
    /// The client's time zone for quiet hours (Q1): from the area code when it lies in one
    /// zone, else `practiceZone`.
    public func timeZone(orPractice practiceZone: TimeZone) -> TimeZone {
        Int(areaCode).flatMap(NANPAreaCodes.timeZone(for:)) ?? practiceZone
    }

    /// Whether ``timeZone(orPractice:)`` comes from the area code (false: the practice's zone).
    public var hasOwnTimeZone: Bool {
        Int(areaCode).flatMap(NANPAreaCodes.timeZone(for:)) != nil
    }
}
