// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python docs: concurrent.futures -- "ThreadPoolExecutor Example"
// deno run --allow-read --allow-env examples/python_docs/futures_thread_pool_urls.ts
// Adapted to local data: the tests run offline, so load_url reads a page
// from PAGES instead of urllib.request.urlopen(url, timeout=timeout), and
// the docs' nonexistent host fails with the error urlopen gives it (the
// Python original below is adapted the same way). The dict future_to_url
// is a Map keyed by the futures. PAGES, a constant, is the same in every
// worker (each imports the module anew, so module globals are per thread:
// a global the workers changed would not be shared).
//
// The Python original:
//
//     # Adapted to local data (the tests run offline): load_url reads a page from
//     # PAGES instead of urllib.request.urlopen(url, timeout=timeout), and an
//     # unknown host fails as the docs' nonexistent one does.
//     import concurrent.futures
//
//     URLS = ['http://www.foxnews.com/',
//             'http://www.cnn.com/',
//             'http://europe.wsj.com/',
//             'http://www.bbc.co.uk/',
//             'http://nonexistent-subdomain.python.org/']
//
//     PAGES = {'http://www.foxnews.com/': b'<html>' + b'fox ' * 1000 + b'</html>',
//              'http://www.cnn.com/': b'<html>' + b'cnn ' * 2000 + b'</html>',
//              'http://europe.wsj.com/': b'<html>' + b'wsj ' * 3000 + b'</html>',
//              'http://www.bbc.co.uk/': b'<html>' + b'bbc ' * 4000 + b'</html>'}
//
//     # Retrieve a single page and report the URL and contents
//     def load_url(url, timeout):
//         # with urllib.request.urlopen(url, timeout=timeout) as conn:
//         #     return conn.read()
//         if url not in PAGES:
//             raise OSError('<urlopen error [Errno -2] Name or service not known>')
//         return PAGES[url]
//
//     # We can use a with statement to ensure threads are cleaned up promptly
//     with concurrent.futures.ThreadPoolExecutor(max_workers=5) as executor:
//         # Start the load operations and mark each future with its URL
//         future_to_url = {executor.submit(load_url, url, 60): url for url in URLS}
//         for future in concurrent.futures.as_completed(future_to_url):
//             url = future_to_url[future]
//             try:
//                 data = future.result()
//             except Exception as exc:
//                 print('%r generated an exception: %s' % (url, exc))
//             else:
//                 print('%r page is %d bytes' % (url, len(data)))
import { asCompleted, ThreadPoolExecutor } from "../../futures/mod.ts"; // jsr:@skein/concurrent/futures
import { print, repr } from "./_print.ts";

const URLS = [
  "http://www.foxnews.com/",
  "http://www.cnn.com/",
  "http://europe.wsj.com/",
  "http://www.bbc.co.uk/",
  "http://nonexistent-subdomain.python.org/",
];

const page = (word: string, n: number): Uint8Array =>
  new TextEncoder().encode(`<html>${word.repeat(n)}</html>`);

const PAGES = new Map([
  ["http://www.foxnews.com/", page("fox ", 1000)],
  ["http://www.cnn.com/", page("cnn ", 2000)],
  ["http://europe.wsj.com/", page("wsj ", 3000)],
  ["http://www.bbc.co.uk/", page("bbc ", 4000)],
]);

// Retrieve a single page and report the URL and contents
export function loadUrl(url: string, _timeout: number): Uint8Array {
  const data = PAGES.get(url);
  if (data === undefined) {
    throw new Error("<urlopen error [Errno -2] Name or service not known>");
  }
  return data;
}

if (import.meta.main) {
  // We can use a with statement to ensure threads are cleaned up promptly
  await using executor = new ThreadPoolExecutor({ maxWorkers: 5 });
  // Start the load operations and mark each future with its URL
  const futureToUrl = new Map(
    URLS.map((url) => [executor.submit(loadUrl, url, 60), url]),
  );
  for await (const future of asCompleted(futureToUrl.keys())) {
    const url = futureToUrl.get(future)!;
    let data;
    try {
      data = await future.result();
    } catch (exc) {
      print(`${repr(url)} generated an exception: ${(exc as Error).message}`);
      continue;
    }
    print(`${repr(url)} page is ${data.length} bytes`);
  }
}
