import Foundation
import Logging
import ServiceLifecycle
import TextingStore

extension TwowayDaemon {
    /// The media parts of a running daemon (R4, R5).
    struct MediaComponents {
        /// Serves links, stores staff uploads, wakes the downloader.
        let library: MediaLibrary
        /// Fetches inbound media after their text was acknowledged.
        let service: MediaDownloadService
    }

    /// Creates the media folder (`media.directory`, by default `<stateDirectory>/media/`), loads (or creates) the link key, and builds the
    /// downloader and the library. Settings are read from `current` on every use, so a reload
    /// applies; the link key only changes with a restart.
    ///
    /// - Throws: ``StartupError`` `startup.media` when the folder or the key file cannot be made.
    static func prepareMedia(
        stateDirectory: String, current: Reloadable<LoadedConfiguration>, store: any MessageStore, logger: Logger
    ) throws -> MediaComponents {
        let files: MediaStore
        let key: MediaLinkKey
        do {
            files = try MediaStore.prepare(
                directory: current.current.configuration.media.folder(stateDirectory: stateDirectory))
            key = try MediaLinkKey.load(
                credential: current.current.credentials.mediaLinkKey, stateDirectory: stateDirectory)
        } catch {
            throw StartupError(.init("startup.media"), error.message)
        }
        switch key.source {
        case .credential:
            break
        case .stateFile, .generated:
            let path = (stateDirectory as NSString).appendingPathComponent(MediaLinkKey.fileName)
            let metadata: Logger.Metadata = ["event": "media_link_key", "source": "\(key.source.rawValue)", "path": "\(path)"]
            if current.current.configuration.carrier.kind == .twilio {
                // Links still work and survive restarts; the credential just keeps the key with
                // the other secrets (and the same across machines).
                logger.warning("no media-link-key credential; media links are signed with the key in the state directory",
                               metadata: metadata)
            } else {
                logger.info("media links are signed with the key in the state directory", metadata: metadata)
            }
        }
        let settings: @Sendable () -> MediaSettings = { MediaSettings(current.current) }
        let fetcher = MediaFetcher()
        let downloader = MediaDownloader(
            store: store, files: files, fetcher: fetcher, settings: settings, logger: Logger(label: "twowayd.media"))
        let library = MediaLibrary(
            files: files, signer: MediaLinkSigner(key: key.bytes), store: store, settings: settings,
            onInboundMedia: { downloader.wake() })
        return MediaComponents(library: library, service: MediaDownloadService(downloader: downloader, fetcher: fetcher))
    }
}
