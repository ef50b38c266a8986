import ServiceLifecycle

/// Runs the ``MediaDownloader`` (R4) until graceful shutdown, then closes its HTTP connections.
/// Downloads not finished stay pending in the store and resume after the next start.
public struct MediaDownloadService: Service {
    let downloader: MediaDownloader
    let fetcher: MediaFetcher

    public init(downloader: MediaDownloader, fetcher: MediaFetcher) {
        self.downloader = downloader
        self.fetcher = fetcher
    }

    public func run() async {
        await cancelWhenGracefulShutdown {
            await downloader.run()
        }
        await fetcher.shutdown()
    }
}
