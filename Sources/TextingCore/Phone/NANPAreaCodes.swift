/// The NANP area-code table: which country and region each assigned +1 area code belongs to.
///
/// Lookups are a single array index into a 1000-slot table built once.
public enum NANPAreaCodes: Sendable {
    /// What the table says about `areaCode`, or nil when the code is not assigned (including
    /// codes outside 200...999, N11 codes and codes reserved for expansion).
    public static func entry(for areaCode: Int) -> NANPAreaCode? {
        guard table.indices.contains(areaCode) else { return nil }
        return table[areaCode]
    }

    /// Every area code whose numbers ``PhoneNumber`` accepts (US and territories, Canada,
    /// toll-free), ascending.
    public static let acceptedAreaCodes: [Int] = table.indices.filter { table[$0]?.isAccepted == true }

    /// Codes listed more than once in `rows` (the table keeps the first). Must be empty; a test
    /// checks it.
    static let duplicateCodes: [Int] = {
        var seen = Set<Int>()
        var duplicates: [Int] = []
        for row in rows {
            for code in row.codes where !seen.insert(code).inserted {
                duplicates.append(code)
            }
        }
        return duplicates
    }()

    /// Slot `n` holds the entry for area code `n`.
    static let table: [NANPAreaCode?] = {
        var slots = [NANPAreaCode?](repeating: nil, count: 1000)
        for row in rows {
            for code in row.codes where slots.indices.contains(code) && slots[code] == nil {
                slots[code] = row.entry
            }
        }
        return slots
    }()

    /// One line of the source table: an entry and the area codes that share it.
    struct Row: Sendable {
        let entry: NANPAreaCode
        let codes: [Int]

        static func us(_ region: String, _ codes: Int...) -> Row {
            Row(entry: .geographic(.unitedStates, region: region), codes: codes)
        }

        static func ca(_ region: String, _ codes: Int...) -> Row {
            Row(entry: .geographic(.canada, region: region), codes: codes)
        }

        static func other(_ country: String, _ codes: Int...) -> Row {
            Row(entry: .otherCountry(name: country), codes: codes)
        }

        static func service(_ service: String, _ codes: Int...) -> Row {
            Row(entry: .nonGeographic(service: service), codes: codes)
        }
    }

    // Source: the NANP Administrator's (NANPA, nationalnanpa.com) public list of area codes
    // ("NPA Database" / "Area Codes by Geographic Location"), as of 2025, written down from that list
    // and cross-checked against Google's libphonenumber metadata (v9.0.43), which added 273 (Quebec).
    //
    // Assigned overlay codes announced for 2024-2026 are listed even where they may not be in
    // service yet (e.g. 357, 483, 624, 679, 837, 861, 924): NANPA assigns each code to exactly one
    // place, so listing them early can never accept another country's number, and leaving them out
    // would refuse real clients on the day the overlay opens.
    //
    // To update: compare with NANPA's "Area Codes by Geographic Location" report (and the planning
    // letters announcing new overlays); add a code to its state, province or country row; new
    // toll-free codes (822 is next) go in the toll-free row. `NANPAreaCodesTests` checks there are
    // no duplicates and that every state, province and the listed countries are present.
    static let rows: [Row] = [
        // United States: the 50 states and the District of Columbia.
        .us("Alabama", 205, 251, 256, 334, 483, 659, 938),
        .us("Alaska", 907),
        .us("Arizona", 480, 520, 602, 623, 928),
        .us("Arkansas", 327, 479, 501, 870),
        .us("California", 209, 213, 279, 310, 323, 341, 350, 357, 369, 408, 415, 424, 442, 510, 530,
            559, 562, 619, 626, 628, 650, 657, 661, 669, 707, 714, 738, 747, 760, 805, 818, 820, 831,
            837, 840, 858, 909, 916, 925, 949, 951),
        .us("Colorado", 303, 719, 720, 748, 970, 983),
        .us("Connecticut", 203, 475, 860, 959),
        .us("Delaware", 302),
        .us("District of Columbia", 202, 771),
        .us("Florida", 239, 305, 321, 324, 352, 386, 407, 448, 561, 645, 656, 689, 727, 728, 754, 772,
            786, 813, 850, 863, 904, 941, 954),
        .us("Georgia", 229, 404, 470, 478, 678, 706, 762, 770, 912, 943),
        .us("Hawaii", 808),
        .us("Idaho", 208, 986),
        .us("Illinois", 217, 224, 309, 312, 331, 447, 464, 618, 630, 708, 730, 773, 779, 815, 847, 861,
            872),
        .us("Indiana", 219, 260, 317, 463, 574, 765, 812, 930),
        .us("Iowa", 319, 515, 563, 641, 712),
        .us("Kansas", 316, 620, 785, 913),
        .us("Kentucky", 270, 364, 502, 606, 859),
        .us("Louisiana", 225, 318, 337, 457, 504, 985),
        .us("Maine", 207),
        .us("Maryland", 227, 240, 301, 410, 443, 667),
        .us("Massachusetts", 339, 351, 413, 508, 617, 774, 781, 857, 978),
        .us("Michigan", 231, 248, 269, 313, 517, 586, 616, 679, 734, 810, 906, 947, 989),
        .us("Minnesota", 218, 320, 507, 612, 651, 763, 924, 952),
        .us("Mississippi", 228, 601, 662, 769),
        .us("Missouri", 235, 314, 417, 557, 573, 636, 660, 816, 975),
        .us("Montana", 406),
        .us("Nebraska", 308, 402, 531),
        .us("Nevada", 702, 725, 775),
        .us("New Hampshire", 603),
        .us("New Jersey", 201, 551, 609, 640, 732, 848, 856, 862, 908, 973),
        .us("New Mexico", 505, 575),
        .us("New York", 212, 315, 329, 332, 347, 363, 516, 518, 585, 607, 624, 631, 646, 680, 716, 718,
            838, 845, 914, 917, 929, 934),
        .us("North Carolina", 252, 336, 472, 704, 743, 828, 910, 919, 980, 984),
        .us("North Dakota", 701),
        .us("Ohio", 216, 220, 234, 283, 326, 330, 380, 419, 436, 440, 513, 567, 614, 740, 937),
        .us("Oklahoma", 405, 539, 572, 580, 918),
        .us("Oregon", 458, 503, 541, 971),
        .us("Pennsylvania", 215, 223, 267, 272, 412, 445, 484, 570, 582, 610, 717, 724, 814, 835, 878),
        .us("Rhode Island", 401),
        .us("South Carolina", 803, 821, 839, 843, 854, 864),
        .us("South Dakota", 605),
        .us("Tennessee", 423, 615, 629, 731, 865, 901, 931),
        .us("Texas", 210, 214, 254, 281, 325, 346, 361, 409, 430, 432, 469, 512, 682, 713, 726, 737,
            806, 817, 830, 832, 903, 915, 936, 940, 945, 956, 972, 979),
        .us("Utah", 385, 435, 801),
        .us("Vermont", 802),
        .us("Virginia", 276, 434, 540, 571, 686, 703, 757, 804, 826, 948),
        .us("Washington", 206, 253, 360, 425, 509, 564),
        .us("West Virginia", 304, 681),
        .us("Wisconsin", 262, 274, 353, 414, 534, 608, 715, 920),
        .us("Wyoming", 307),

        // United States: territories with their own area codes.
        .us("Puerto Rico", 787, 939),
        .us("U.S. Virgin Islands", 340),
        .us("Guam", 671),
        .us("Northern Mariana Islands", 670),
        .us("American Samoa", 684),

        // Canada: every province and territory.
        .ca("Alberta", 368, 403, 587, 780, 825),
        .ca("British Columbia", 236, 250, 257, 604, 672, 778),
        .ca("Manitoba", 204, 431, 584),
        .ca("New Brunswick", 428, 506),
        .ca("Newfoundland and Labrador", 709, 879),
        .ca("Nova Scotia and Prince Edward Island", 782, 902),
        .ca("Ontario", 226, 249, 289, 343, 365, 382, 416, 437, 519, 548, 613, 647, 683, 705, 742, 753,
            807, 905, 942),
        .ca("Quebec", 263, 273, 354, 367, 418, 438, 450, 468, 514, 579, 581, 819, 873),
        .ca("Saskatchewan", 306, 474, 639),
        .ca("Yukon, Northwest Territories and Nunavut", 867),

        // Toll-free, shared by the United States and Canada.
        Row(entry: .tollFree, codes: [800, 833, 844, 855, 866, 877, 888]),

        // Other +1 countries and territories: refused, named in the refusal.
        .other("Anguilla", 264),
        .other("Antigua and Barbuda", 268),
        .other("Bahamas", 242),
        .other("Barbados", 246),
        .other("Bermuda", 441),
        .other("British Virgin Islands", 284),
        .other("Cayman Islands", 345),
        .other("Dominica", 767),
        .other("Dominican Republic", 809, 829, 849),
        .other("Grenada", 473),
        .other("Jamaica", 658, 876),
        .other("Montserrat", 664),
        .other("Saint Kitts and Nevis", 869),
        .other("Saint Lucia", 758),
        .other("Saint Vincent and the Grenadines", 784),
        .other("Sint Maarten", 721),
        .other("Trinidad and Tobago", 868),
        .other("Turks and Caicos Islands", 649),

        // Assigned non-geographic codes: no subscriber phone in a place, refused as invalid.
        .service("inbound international", 456),
        .service("personal communications service",
                 500, 521, 522, 523, 524, 525, 526, 527, 528, 529, 532, 533, 544, 566, 577, 588),
        .service("Canadian non-geographic service", 600, 622, 633, 644, 655, 677, 688),
        .service("interexchange carrier service", 700),
        .service("U.S. government", 710),
        .service("premium-rate", 900),
    ]
}
