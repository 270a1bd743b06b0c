// WebGL style expressions for masks. A mask's pixel values are its own codes (ours, or an external
// scheme's such as Sen2Cor SCL); the server sends, per mask, which of our classes each code means,
// so every mask is drawn in the project's colours. Class toggles are style variables (show_N).

/** Style variables that switch each class on or off: {show_1: 1, ...}. */
export function classVariables(classes, visible) {
  const variables = {};
  for (const c of classes) variables[`show_${c.code}`] = visible[c.code] === false ? 0 : 1;
  return variables;
}

/** The colour of a class as an OpenLayers colour array (alpha 0..1). */
export function rgba(c) {
  return [c.colour[0], c.colour[1], c.colour[2], c.colour[3] / 255];
}

/**
 * A colour expression for band `band` of a mask: code -> its class's colour while that class is
 * shown, transparent otherwise (missing, unknown codes, hidden classes).
 * @param {Array<[number, number]>} codes pairs [code in the file, our class code]
 */
export function maskColour(codes, classes, band = 1) {
  const byCode = new Map(classes.map((c) => [c.code, c]));
  const cases = ['case'];
  for (const [code, cls] of codes) {
    const c = byCode.get(cls);
    if (!c || c.colour[3] === 0) continue; // missing: transparent
    cases.push(['all', ['==', ['band', band], code], ['==', ['var', `show_${cls}`], 1]], rgba(c));
  }
  cases.push([0, 0, 0, 0]);
  return cases;
}

/** Red where the prediction (band 1) differs from a scored label (band 2: labels 0 and 5 are ignored). */
export const errorColour = [
  'case',
  ['all', ['!=', ['band', 1], ['band', 2]], ['>', ['band', 2], 0], ['<', ['band', 2], 5]],
  [230, 20, 20, 1],
  [0, 0, 0, 0],
];

/** Uncertainty (normalised 0..1): transparent when certain, orange to red when unsure. */
export const uncertaintyColour = [
  'interpolate', ['linear'], ['band', 1],
  0, [255, 170, 0, 0],
  0.3, [255, 140, 0, 0.5],
  1, [230, 40, 0, 0.95],
];
