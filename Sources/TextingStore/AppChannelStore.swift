import Foundation
import TextingCore

/// What the pet owner's app channel keeps (P1–P3).
public protocol AppChannelStore: Sendable {
}
