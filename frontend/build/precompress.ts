import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import type { Plugin, ResolvedConfig } from "vite";

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** Extensions that get `.gz` and `.br` siblings (served by WhiteNoise). */
export const COMPRESSIBLE = /\.(js|mjs|css|svg|json|woff2?|ttf|otf)$/i;
const ALREADY_COMPRESSED_FONT = /\.woff2$/i;

async function* walk(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}

async function compressFile(path: string): Promise<void> {
  const data = await readFile(path);
  // woff2 is brotli inside already: a fast setting gives the same size.
  const quality = ALREADY_COMPRESSED_FONT.test(path) ? 4 : 11;
  const [gz, br] = await Promise.all([
    gzipAsync(data, { level: 9 }),
    brotliAsync(data, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: quality,
        [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    }),
  ]);
  await Promise.all([writeFile(`${path}.gz`, gz), writeFile(`${path}.br`, br)]);
}

/** After the bundle (and the copied fonts) are written, pre-compress them. */
export function precompress(): Plugin {
  let config: ResolvedConfig;
  return {
    name: "indaba:precompress",
    apply: "build",
    configResolved(resolved) {
      config = resolved;
    },
    async closeBundle() {
      const outDir = join(config.root, config.build.outDir);
      const files: string[] = [];
      for await (const path of walk(outDir)) {
        if (COMPRESSIBLE.test(path)) files.push(path);
      }
      // Bounded parallelism: the build machine has two cores.
      const queue = files.slice();
      const worker = async (): Promise<void> => {
        for (let path = queue.pop(); path; path = queue.pop()) await compressFile(path);
      };
      await Promise.all([worker(), worker(), worker(), worker()]);
      config.logger.info(`precompressed ${files.length} files (.gz, .br)`);
    },
  };
}
