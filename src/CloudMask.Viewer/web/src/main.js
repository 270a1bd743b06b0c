// The CloudMask viewer: a list of results and a map (OpenLayers) that reads the COGs straight from
// the server with HTTP range requests. All URLs are relative, so the page works wherever the
// server mounts it (cloudmask view at /, cloudmask serve under a prefix).
import 'ol/ol.css';
import './viewer.css';
import Map from 'ol/Map.js';
import View from 'ol/View.js';
import Feature from 'ol/Feature.js';
import Polygon from 'ol/geom/Polygon.js';
import GeoTIFF from 'ol/source/GeoTIFF.js';
import XYZ from 'ol/source/XYZ.js';
import VectorSource from 'ol/source/Vector.js';
import WebGLTileLayer from 'ol/layer/WebGLTile.js';
import TileLayer from 'ol/layer/Tile.js';
import VectorLayer from 'ol/layer/Vector.js';
import Graticule from 'ol/layer/Graticule.js';
import DragBox from 'ol/interaction/DragBox.js';
import Projection from 'ol/proj/Projection.js';
import {addProjection, get as getProjection, transform, transformExtent} from 'ol/proj.js';
import {register} from 'ol/proj/proj4.js';
import {getRenderPixel} from 'ol/render.js';
import {Stroke, Style, Text, Fill} from 'ol/style.js';
import proj4 from 'proj4';
import {classVariables, maskColour, errorColour, uncertaintyColour} from './maskStyle.js';

const $ = (id) => document.getElementById(id);

const state = {
  catalog: null,
  result: null, // the result on the map
  compare: null, // the mask on the right of the swipe line
  visible: {}, // class code -> false when toggled off
  layers: {},
  shown: null, // id of the result once it is completely drawn
  phases: {}, // when the first list and COG headers arrived (for the benchmark)
};

const map = new Map({target: 'map'});

// ---- catalogue ----------------------------------------------------------------------------

async function fetchJson(url, options) {
  const response = await fetch(url, options);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error || body.detail || `${url}: HTTP ${response.status}`);
  return body;
}

/**
 * Registers each result's CRS with proj4, so OpenLayers can place footprints, graticule and base
 * map, and gives each the longitude/latitude box of its footprints (plus a margin) as its world
 * extent and the same box in its own units as its extent: the graticule needs both.
 */
function registerProjections(results) {
  for (const r of results) {
    if (r.crs && !proj4.defs(r.crs.code)) proj4.defs(r.crs.code, r.crs.proj4);
  }
  register(proj4);
  const boxes = {};
  for (const r of results) {
    if (!r.crs || !r.footprint) continue;
    const box = (boxes[r.crs.code] ||= [180, 90, -180, -90]);
    for (const corner of r.footprint) {
      const [lon, lat] = transform(corner, r.crs.code, 'EPSG:4326');
      box[0] = Math.min(box[0], lon);
      box[1] = Math.min(box[1], lat);
      box[2] = Math.max(box[2], lon);
      box[3] = Math.max(box[3], lat);
    }
  }
  for (const [code, box] of Object.entries(boxes)) {
    const margin = 1;
    const world = [Math.max(-180, box[0] - margin), Math.max(-85, box[1] - margin), Math.min(180, box[2] + margin), Math.min(85, box[3] + margin)];
    const projection = getProjection(code);
    if (!projection) continue;
    projection.setWorldExtent(world);
    if (!projection.getExtent()) projection.setExtent(transformExtent(world, 'EPSG:4326', code));
  }
}

/**
 * The projection a result is drawn in: its CRS, or, without one, its pixel grid (y up), shared by
 * every result of that size so that two masks of one band stack can be swiped.
 */
function projectionOf(result) {
  if (result.crs) return result.crs.code;
  const code = `pixels:${result.width}x${result.height}`;
  if (!getProjection(code)) addProjection(new Projection({code, units: 'pixels', extent: [0, 0, result.width, result.height]}));
  return code;
}

function sameProjection(a, b) {
  return a && b && ((a.crs && b.crs && a.crs.code === b.crs.code) || (!a.crs && !b.crs && a.width === b.width && a.height === b.height));
}

// ---- layers -------------------------------------------------------------------------------

function geotiff(result, urls, options = {}) {
  return new GeoTIFF({
    sources: urls.map((url) => ({url})),
    projection: projectionOf(result),
    wrapX: false,
    ...options,
  });
}

function maskLayer(result, opacity) {
  const classes = state.catalog.classes;
  return new WebGLTileLayer({
    source: geotiff(result, [result.mask], {normalize: false, interpolate: false}),
    style: {variables: classVariables(classes, state.visible), color: maskColour(result.codes, classes)},
    opacity,
  });
}

function errorLayer(result) {
  return new WebGLTileLayer({
    source: geotiff(result, [result.mask, result.label], {normalize: false, interpolate: false}),
    style: {color: errorColour},
  });
}

function footprintLayer(result) {
  const source = new VectorSource();
  const projection = projectionOf(result);
  for (const r of state.catalog.results) {
    if (!r.footprint || !r.crs || !result.crs || r.kind !== 'result') continue;
    const ring = r.footprint.map((p) => (r.crs.code === result.crs.code ? p : transform(p, r.crs.code, projection)));
    const feature = new Feature(new Polygon([[...ring, ring[0]]]));
    feature.set('name', r.name);
    source.addFeature(feature);
  }
  return new VectorLayer({
    source,
    style: (feature) => new Style({
      stroke: new Stroke({color: 'rgba(255, 220, 120, 0.9)', width: 1.5}),
      text: new Text({text: feature.get('name'), overflow: true, fill: new Fill({color: '#ffe9a8'}), font: '11px sans-serif', placement: 'line'}),
    }),
  });
}

/** Clips a WebGL layer to the left (side = 'left') or right part of the map at the swipe line. */
function clipToSwipe(layer, side) {
  layer.on('prerender', (event) => {
    const gl = event.context;
    const size = map.getSize();
    const bottomLeft = getRenderPixel(event, [0, size[1]]);
    const topRight = getRenderPixel(event, [size[0], 0]);
    const split = Math.round((topRight[0] - bottomLeft[0]) * (Number($('swipe').value) / 100));
    gl.enable(gl.SCISSOR_TEST);
    if (side === 'left') gl.scissor(bottomLeft[0], bottomLeft[1], split, topRight[1] - bottomLeft[1]);
    else gl.scissor(bottomLeft[0] + split, bottomLeft[1], topRight[0] - bottomLeft[0] - split, topRight[1] - bottomLeft[1]);
  });
  layer.on('postrender', (event) => event.context.disable(event.context.SCISSOR_TEST));
}

function buildLayers() {
  const result = state.result;
  const opacity = Number($('opacity').value) / 100;
  const layers = {};
  if (state.catalog.basemap && result.crs) {
    layers.basemap = new TileLayer({source: new XYZ({url: state.catalog.basemap, crossOrigin: null})});
  }
  if (result.rgb) layers.rgb = new WebGLTileLayer({source: geotiff(result, [result.rgb], {convertToRGB: 'auto'}), visible: $('show-rgb').checked});
  layers.mask = maskLayer(result, opacity);
  layers.mask.setVisible($('show-mask').checked);
  if (state.compare) {
    layers.compare = maskLayer(state.compare, opacity);
    layers.compare.setVisible($('show-mask').checked);
    clipToSwipe(layers.mask, 'left');
    clipToSwipe(layers.compare, 'right');
  }
  if (result.uncertainty) {
    layers.uncertainty = new WebGLTileLayer({source: geotiff(result, [result.uncertainty]), style: {color: uncertaintyColour}, visible: $('show-uncertainty').checked});
  }
  if (result.label) {
    layers.errors = errorLayer(result);
    layers.errors.setVisible($('show-errors').checked);
  }
  if (result.crs) {
    layers.footprints = footprintLayer(result);
    layers.graticule = new Graticule({strokeStyle: new Stroke({color: 'rgba(255,255,255,0.35)', width: 1, lineDash: [2, 4]}), showLabels: true, wrapX: false});
  }
  return layers;
}

/** Puts the current result (and the compared mask) on the map; keeps the view when the projection stays. */
async function showResult(keepView) {
  const result = state.result;
  const layers = buildLayers();
  state.layers = layers;
  map.setLayers(['basemap', 'rgb', 'mask', 'compare', 'uncertainty', 'errors', 'footprints', 'graticule'].map((k) => layers[k]).filter(Boolean));
  $('swipe-bar').hidden = !state.compare;
  $('swipe-line').hidden = !state.compare;
  placeSwipeLine();
  $('uncertainty-row').hidden = !result.uncertainty;
  $('errors-row').hidden = !result.label;
  $('rgb-row').hidden = !result.rgb;
  $('label-box').disabled = !result.can_label;
  renderLegend();
  if (!keepView) {
    const view = await layers.mask.getSource().getView();
    map.setView(new View({projection: projectionOf(result), center: view.center, showFullExtent: true, maxZoom: 28}));
    map.getView().fit(view.extent, {padding: [20, 20, 20, 20]});
  }
  await rendered();
}

/** Resolves once every layer's source is ready and the map has drawn all their tiles. */
async function rendered() {
  const sources = Object.values(state.layers).map((layer) => layer.getSource?.()).filter((source) => source instanceof GeoTIFF);
  await Promise.all(sources.map((source) => source.getView().catch(() => null)));
  state.phases.headers ??= performance.now();
  await new Promise((resolve) => {
    map.once('rendercomplete', resolve);
    map.render();
  });
}

// ---- side panel ---------------------------------------------------------------------------

function renderResults() {
  const body = $('results').querySelector('tbody');
  body.replaceChildren();
  const listed = state.catalog.results.filter((r) => r.kind === 'result' || r.kind === 'chip');
  $('results-empty').hidden = listed.length > 0;
  let group = null;
  for (const r of listed) {
    if (r.kind === 'chip' && r.set !== group) {
      group = r.set;
      const row = body.insertRow();
      row.className = 'group';
      const cell = row.insertCell();
      cell.colSpan = 4;
      cell.textContent = `evaluation chips: ${group}`;
    }
    const row = body.insertRow();
    row.dataset.id = r.id;
    const name = r.folder ? `${r.folder}/${r.name}` : r.name;
    for (const [text, cls] of [[name, 'name'], [r.date ? r.date.slice(0, 10) : '', ''], [r.cloud_cover == null ? '' : `${r.cloud_cover.toFixed(1)} %`, 'num'], [r.model || '', '']]) {
      const cell = row.insertCell();
      cell.textContent = text;
      cell.className = cls;
      cell.title = cls === 'name' ? r.id : text;
    }
    row.addEventListener('click', () => select(r.id));
  }
}

function renderLegend() {
  const list = $('legend');
  list.replaceChildren();
  // Predictions hold classes 1-4; labels and other products' masks may also say "undefined" (5).
  const present = new Set([state.result, state.compare].filter(Boolean).flatMap((r) => r.codes.map(([, cls]) => cls).filter((cls) => r.kind !== 'result' || cls !== 5)));
  for (const c of state.catalog.classes) {
    if (c.colour[3] === 0 || !present.has(c.code)) continue;
    const item = document.createElement('li');
    const label = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.checked = state.visible[c.code] !== false;
    box.dataset.class = c.name;
    box.addEventListener('change', () => {
      state.visible[c.code] = box.checked;
      for (const layer of [state.layers.mask, state.layers.compare]) layer?.updateStyleVariables(classVariables(state.catalog.classes, state.visible));
    });
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = `rgba(${c.colour[0]},${c.colour[1]},${c.colour[2]},${c.colour[3] / 255})`;
    const share = document.createElement('span');
    share.className = 'share';
    const percent = state.result.class_percent?.[c.name];
    share.textContent = percent == null ? '' : `${percent.toFixed(1)} %`;
    label.append(box, swatch, c.label, share);
    item.append(label);
    list.append(item);
  }
}

function renderCompareChoices() {
  const select = $('compare');
  select.replaceChildren(new Option('nothing (one mask)', ''));
  const others = state.catalog.results.filter((r) => r.id !== state.result.id && r.group === state.result.group && sameProjection(r, state.result));
  for (const r of others) select.add(new Option(`${r.kind === 'label' ? 'label' : r.folder || '.'}: ${r.name}${r.model ? ` (${r.model})` : ''}`, r.id));
  select.value = state.compare ? state.compare.id : '';
}

async function select(id, compareId) {
  const result = state.catalog.results.find((r) => r.id === id);
  if (!result) return;
  state.shown = null;
  const keepView = state.result && sameProjection(state.result, result) && state.result.width === result.width && state.result.group === result.group;
  state.result = result;
  state.compare = compareId ? state.catalog.results.find((r) => r.id === compareId) || null : null;
  for (const row of $('results').querySelectorAll('tbody tr')) row.classList.toggle('selected', row.dataset.id === id);
  renderCompareChoices();
  const url = new URL(location.href);
  url.searchParams.set('result', id);
  if (state.compare) url.searchParams.set('compare', state.compare.id);
  else url.searchParams.delete('compare');
  history.replaceState(null, '', url);
  $('message').hidden = true;
  try {
    await showResult(keepView);
  } catch (error) {
    showMessage(`Could not read ${result.name}: ${error.message || error}`);
    return;
  }
  state.shown = id;
}

// ---- what is under the cursor ---------------------------------------------------------------

/** The pixel (column, row) of `result` under a map coordinate of the current view, or null outside it. */
function pixelOf(result, coordinate) {
  let [x, y] = coordinate;
  if (!result.crs) return inside(result, Math.floor(x), Math.floor(result.height - y));
  if (state.result.crs && state.result.crs.code !== result.crs.code) [x, y] = transform([x, y], state.result.crs.code, result.crs.code);
  const [ox, a, b, oy, d, e] = result.transform;
  const det = a * e - b * d;
  const col = ((x - ox) * e - (y - oy) * b) / det;
  const row = ((y - oy) * a - (x - ox) * d) / det;
  return inside(result, Math.floor(col), Math.floor(row));
}

function inside(result, col, row) {
  return col >= 0 && row >= 0 && col < result.width && row < result.height ? [col, row] : null;
}

/** A class's legend words ("cloud shadow") for its machine name ("cloud_shadow"). */
function words(name) {
  return name == null ? null : state.catalog.classes.find((c) => c.name === name)?.label ?? name;
}

let probe = 0;
async function describe(coordinate) {
  const ticket = ++probe;
  const parts = [];
  for (const r of [state.result, state.compare].filter(Boolean)) {
    const pixel = pixelOf(r, coordinate);
    if (!pixel) continue;
    const info = await fetchJson(`api/pixel?id=${encodeURIComponent(r.id)}&x=${pixel[0]}&y=${pixel[1]}`).catch(() => null);
    if (!info || ticket !== probe) return;
    let text = `${r === state.compare ? 'right' : state.compare ? 'left' : ''} x ${pixel[0]}, y ${pixel[1]}: ${words(info.class) ?? 'no data'}`.trim();
    if (info.probabilities) text += ` (${Object.entries(info.probabilities).map(([k, v]) => `${words(k)} ${v.toFixed(2)}`).join(', ')})`;
    if (info.uncertainty != null) text += `, uncertainty ${info.uncertainty.toFixed(2)}`;
    if (info.label) text += `, label ${words(info.label)}`;
    parts.push(text);
  }
  if (ticket === probe) $('readout').textContent = parts.join(' | ');
}

let pending = null;
map.on('pointermove', (event) => {
  if (event.dragging || !state.result) return;
  clearTimeout(pending);
  pending = setTimeout(() => describe(event.coordinate), 60);
});

// ---- label this ---------------------------------------------------------------------------

const dragBox = new DragBox();
dragBox.setActive(false);
map.addInteraction(dragBox);
dragBox.on('boxend', async () => {
  dragBox.setActive(false);
  $('label-box').textContent = 'draw a box to label';
  const [minX, minY, maxX, maxY] = dragBox.getGeometry().getExtent();
  const a = pixelOf(state.result, [minX, maxY]) || clampPixel([minX, maxY]);
  const b = pixelOf(state.result, [maxX, minY]) || clampPixel([maxX, minY]);
  const box = {id: state.result.id, x: Math.min(a[0], b[0]), y: Math.min(a[1], b[1])};
  box.width = Math.max(a[0], b[0]) - box.x + 1;
  box.height = Math.max(a[1], b[1]) - box.y + 1;
  $('label-status').textContent = `exporting ${box.width} x ${box.height} px at x ${box.x}, y ${box.y} ...`;
  try {
    const done = await fetchJson('api/label', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(box)});
    $('label-status').textContent = `exported ${done.chip} to ${done.folder}: correct ${done.chip}.prelabel.tif and save it as ${done.chip}.label.tif`;
  } catch (error) {
    $('label-status').textContent = `not exported: ${error.message}`;
  }
});

/** A corner outside the image, pulled onto its nearest edge pixel. */
function clampPixel(coordinate) {
  const r = state.result;
  const cx = Math.max(r.extent[0], Math.min(r.extent[2] - 1e-6, coordinate[0]));
  const cy = Math.max(r.extent[1] + 1e-6, Math.min(r.extent[3], coordinate[1]));
  return pixelOf(r, [cx, cy]) || [0, 0];
}

$('label-box').addEventListener('click', () => {
  const active = !dragBox.getActive();
  dragBox.setActive(active);
  $('label-box').textContent = active ? 'drag a box on the map (click again to cancel)' : 'draw a box to label';
});

// ---- controls -----------------------------------------------------------------------------

$('opacity').addEventListener('input', () => {
  for (const layer of [state.layers.mask, state.layers.compare]) layer?.setOpacity(Number($('opacity').value) / 100);
});
$('show-rgb').addEventListener('change', () => state.layers.rgb?.setVisible($('show-rgb').checked));
$('show-mask').addEventListener('change', () => {
  for (const layer of [state.layers.mask, state.layers.compare]) layer?.setVisible($('show-mask').checked);
});
$('show-uncertainty').addEventListener('change', () => state.layers.uncertainty?.setVisible($('show-uncertainty').checked));
$('show-errors').addEventListener('change', () => state.layers.errors?.setVisible($('show-errors').checked));
$('compare').addEventListener('change', () => select(state.result.id, $('compare').value || null));
$('swipe').addEventListener('input', () => {
  placeSwipeLine();
  map.render();
});

function placeSwipeLine() {
  $('swipe-line').style.left = `${$('swipe').value}%`;
}

// ---- start --------------------------------------------------------------------------------

function showMessage(text) {
  $('message').textContent = text;
  $('message').hidden = false;
}

async function start() {
  const started = performance.now();
  let catalog;
  try {
    catalog = await fetchJson('api/results');
    state.phases.listed = performance.now();
  } catch (error) {
    showMessage(`Could not list the results: ${error.message}`);
    return;
  }
  state.catalog = catalog;
  $('folder').textContent = catalog.title;
  document.title = `${catalog.title} - CloudMask viewer`;
  for (const r of catalog.results) {
    if (r.transform) {
      const [ox, a, , oy, , e] = r.transform;
      r.extent = [Math.min(ox, ox + a * r.width), Math.min(oy, oy + e * r.height), Math.max(ox, ox + a * r.width), Math.max(oy, oy + e * r.height)];
    } else r.extent = [0, 0, r.width, r.height];
  }
  registerProjections(catalog.results);
  renderResults();
  const listed = catalog.results.filter((r) => r.kind === 'result' || r.kind === 'chip');
  if (listed.length === 0) {
    showMessage(`No masks (*.mask.tif) in ${catalog.title}.`);
    return;
  }
  const query = new URLSearchParams(location.search);
  await select(query.get('result') && catalog.results.some((r) => r.id === query.get('result')) ? query.get('result') : listed[0].id, query.get('compare'));
  // Read by `cloudmask bench view` from the browser's console.
  const reads = performance.getEntriesByType('resource').filter((e) => e.name.includes('/files/'));
  const bytes = reads.reduce((sum, e) => sum + (e.encodedBodySize || 0), 0);
  console.info(`cloudmask-viewer: map complete ${Math.round(performance.now())} ms after navigation start, `
    + `${Math.round(performance.now() - started)} ms after the script started; ${reads.length} range reads, ${bytes} bytes; `
    + `phases: list ${Math.round(state.phases.listed - started)} ms, COG headers ${Math.round(state.phases.headers - state.phases.listed)} ms, `
    + `tiles and drawing ${Math.round(performance.now() - state.phases.headers)} ms`);
}

// For tests and benchmarks: the state, where an image pixel lies on the screen, and a promise
// that resolves after the next complete render.
window.cloudmaskViewer = {
  state,
  map,
  select,
  /** Screen position (CSS pixels, page coordinates) of the centre of pixel (col, row) of the current result. */
  screenOf(col, row) {
    const r = state.result;
    let coordinate;
    if (!r.crs) coordinate = [col + 0.5, r.height - row - 0.5];
    else {
      const [ox, a, b, oy, d, e] = r.transform;
      coordinate = [ox + (col + 0.5) * a + (row + 0.5) * b, oy + (col + 0.5) * d + (row + 0.5) * e];
    }
    const pixel = map.getPixelFromCoordinate(coordinate);
    const box = map.getTargetElement().getBoundingClientRect();
    return [box.left + pixel[0], box.top + pixel[1]];
  },
  rendered,
};

start();
