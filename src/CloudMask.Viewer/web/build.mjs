// Bundles the viewer with esbuild: src/main.js (OpenLayers, proj4 and our code, CSS included) into
// dist/viewer.js + dist/viewer.css, and copies static/ beside them. Nothing is fetched at run time:
// the page needs no CDN and works offline. Run by the .NET build (../CloudMask.Viewer.csproj).
import * as esbuild from 'esbuild';
import {cpSync, mkdirSync, rmSync} from 'node:fs';

const dist = new URL('./dist/', import.meta.url).pathname;
rmSync(dist, {recursive: true, force: true});
mkdirSync(dist, {recursive: true});
await esbuild.build({
  entryPoints: {viewer: 'src/main.js'},
  bundle: true,
  minify: !process.env.VIEWER_DEBUG,
  format: 'iife',
  target: ['es2020'],
  outdir: dist,
  legalComments: 'linked', // the licences of the bundled libraries, in viewer.js.LEGAL.txt
  logLevel: 'warning',
});
cpSync(new URL('./static/', import.meta.url).pathname, dist, {recursive: true});
