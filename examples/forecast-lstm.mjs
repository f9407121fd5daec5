// Forecasting a seasonal monthly series with nn.LSTM: windows of 24 months in, the next month
// out; validation on the last two years against naive baselines; a recursive forecast two years
// ahead; and a chart, forecast.svg, written to the directory you run it from.
//
//   npm run build && node examples/forecast-lstm.mjs
//
// The data is generated here: fifteen years (2010–2024) of a retail-sales-like index, a 3%-a-year
// trend times a December-peaking seasonal pattern, plus noise.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { manualSeed, nn, noGrad, optim, randn, tensor, utils } from 'torchlet';

manualSeed(0);

// ---------------------------------------------------------------------------------------------
// The series: month m = 0 is January 2010.

const firstYear = 2010;
const months = 15 * 12;
const seasonal = [-0.07, -0.09, -0.02, -0.01, 0.01, 0, 0.02, 0.01, -0.02, 0, 0.04, 0.13]; // Jan … Dec
const noise = randn(months).mul(1.5).data;
const series = Array.from({ length: months }, (_, m) => 100 * 1.03 ** (m / 12) * (1 + seasonal[m % 12]) + noise[m]);

const window = 24; // months of history per prediction
const validationMonths = 24; // the last two years are held out
const trainEnd = months - validationMonths; // targets before this month are training targets
const horizon = 24; // months forecast beyond the data

// An LSTM's tanh units saturate outside the range they were trained on, and with a trend every
// validation month lies above every training month. So each window is measured from its own last
// month, in logs (the seasonal swing is a percentage of the level): the inputs are log(v / last)
// and the target the month-on-month log change, both divided by that change's spread over the
// training months. The problem then looks the same at every level of the index.
const logs = series.map(Math.log);
const changes = logs.slice(1, trainEnd).map((v, m) => v - logs[m]); // training months only: nothing of the validation years leaks in
const changeMean = changes.reduce((a, b) => a + b, 0) / changes.length;
const scale = Math.sqrt(changes.reduce((a, b) => a + (b - changeMean) ** 2, 0) / changes.length);

/** The windows whose targets are months [from, to): x (count, window, 1), y (count, 1), and each window's last value. */
function windows(from, to) {
  const count = to - from;
  const x = new Float32Array(count * window);
  const y = new Float32Array(count);
  const last = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const t = from + i;
    for (let k = 0; k < window; k++) x[i * window + k] = (logs[t - window + k] - logs[t - 1]) / scale;
    y[i] = (logs[t] - logs[t - 1]) / scale;
    last[i] = series[t - 1];
  }
  return { x: tensor(x, { shape: [count, window, 1] }), y: tensor(y, { shape: [count, 1] }), last };
}

const train = windows(window, trainEnd);
const validation = windows(trainEnd, months);

// ---------------------------------------------------------------------------------------------
// The model: an LSTM reads the window, a Linear layer maps its last hidden state to the next month.

class Forecaster extends nn.Module {
  constructor(hidden) {
    super();
    this.lstm = new nn.LSTM(1, hidden, { batchFirst: true });
    this.head = new nn.Linear(hidden, 1);
  }

  forward(x) {
    const [output] = this.lstm(x); // (N, window, hidden)
    return this.head(output.narrow(1, x.shape[1] - 1, 1).squeeze(1)); // (N, 1)
  }
}

const model = new Forecaster(32);
console.log(String(model));
console.log(`\n${train.x.shape[0]} training windows (${firstYear + window / 12}–${firstYear + trainEnd / 12 - 1}), ` +
  `${validation.x.shape[0]} validation windows (${firstYear + trainEnd / 12}–${firstYear + months / 12 - 1})\n`);

const lossFn = new nn.MSELoss();
const optimizer = new optim.Adam(model.parameters(), { lr: 0.01 });
const epochs = 30;
const scheduler = new optim.lrScheduler.CosineAnnealingLR(optimizer, epochs);
const loader = new utils.data.DataLoader(new utils.data.TensorDataset(train.x, train.y), { batchSize: 8, shuffle: true });

/** A predicted log change back in index points, from the month before. */
const fromChange = (change, last) => last * Math.exp(change * scale);

/** One-step-ahead predictions for a set of windows, in index points. */
const predict = ({ x, last }) => noGrad(() => Array.from(model(x).data, (change, i) => fromChange(change, last[i])));

/** Root mean squared and mean absolute error of predictions against the truth. */
function errors(predicted, actual) {
  let sq = 0;
  let abs = 0;
  for (let i = 0; i < actual.length; i++) {
    sq += (predicted[i] - actual[i]) ** 2;
    abs += Math.abs(predicted[i] - actual[i]);
  }
  return { rmse: Math.sqrt(sq / actual.length), mae: abs / actual.length };
}

const actualValidation = series.slice(trainEnd);
const started = performance.now();
for (let epoch = 1; epoch <= epochs; epoch++) {
  let total = 0;
  for (const [x, y] of loader) {
    optimizer.zeroGrad();
    const loss = lossFn(model(x), y);
    loss.backward();
    // through 24 time steps an LSTM's gradient spikes now and then: clipping its norm keeps one
    // bad batch from undoing what the others taught
    nn.utils.clipGradNorm_(model.parameters(), 1.0);
    optimizer.step();
    total += loss.item() * x.shape[0];
  }
  scheduler.step();
  const { rmse } = errors(predict(validation), actualValidation);
  const seconds = ((performance.now() - started) / 1e3).toFixed(1);
  console.log(`epoch ${String(epoch).padStart(2)}  train loss ${(total / train.x.shape[0]).toFixed(4)} (normalised)  validation RMSE ${rmse.toFixed(2)}  ${seconds} s`);
}

// ---------------------------------------------------------------------------------------------
// Validation against the baselines every forecaster must beat: this month = last month (naive)
// and this month = the same month last year (seasonal naive).

const fitted = predict(train); // months window … trainEnd - 1
const validationPredicted = predict(validation); // months trainEnd … months - 1
const heldOut = Array.from({ length: validationMonths }, (_, i) => trainEnd + i);
const rows = [
  ['LSTM', errors(validationPredicted, actualValidation)],
  ['naive (last month)', errors(heldOut.map((m) => series[m - 1]), actualValidation)],
  ['seasonal naive (a year ago)', errors(heldOut.map((m) => series[m - 12]), actualValidation)],
];
console.log(`\nvalidation ${firstYear + trainEnd / 12}–${firstYear + months / 12 - 1}, one month ahead, in index points:`);
console.log(`${'method'.padEnd(28)}  ${'RMSE'.padStart(6)}  ${'MAE'.padStart(6)}`);
for (const [name, { rmse, mae }] of rows) console.log(`${name.padEnd(28)}  ${rmse.toFixed(2).padStart(6)}  ${mae.toFixed(2).padStart(6)}`);

// Recursive forecast: each predicted month joins the history that predicts the next.
const extended = series.slice();
noGrad(() => {
  for (let t = months; t < months + horizon; t++) {
    const last = extended[t - 1];
    const x = Float32Array.from(extended.slice(t - window, t), (v) => Math.log(v / last) / scale);
    extended.push(fromChange(model(tensor(x, { shape: [1, window, 1] })).item(), last));
  }
});
const forecast = extended.slice(months);
const monthName = (m) => `${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m % 12]} ${firstYear + Math.floor(m / 12)}`;
console.log(`\nforecast ${monthName(months)} – ${monthName(months + horizon - 1)}:`);
for (let y = 0; y < horizon / 12; y++) console.log(`  ${firstYear + months / 12 + y}: ${forecast.slice(12 * y, 12 * y + 12).map((v) => v.toFixed(1)).join(' ')}`);

// ---------------------------------------------------------------------------------------------
// The chart.

const path = resolve('forecast.svg');
writeFileSync(path, chart());
console.log(`\nwrote ${path}`);

/** A hand-written SVG line chart of the series, the fit, the validation predictions and the forecast. */
function chart() {
  const width = 960;
  const height = 480;
  const margin = { left: 64, right: 24, top: 56, bottom: 48 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const end = months + horizon; // months on the x axis
  const all = [...series, ...forecast];
  const { lo, hi, ticks } = axis(Math.min(...all), Math.max(...all));
  const x = (m) => margin.left + (m / end) * plotW; // the axis runs to January after the forecast
  const y = (v) => margin.top + (1 - (v - lo) / (hi - lo)) * plotH;
  const line = (first, values) => values.map((v, i) => `${i === 0 ? 'M' : 'L'}${x(first + i).toFixed(1)},${y(v).toFixed(1)}`).join('');

  const colours = { series: '#444', fit: '#2b7bba', validation: '#e8710a', forecast: '#c0392b' };
  const parts = [];
  // shaded validation and forecast periods, labelled at the top
  const spans = [
    [trainEnd - 0.5, months - 0.5, '#fdf1e6', 'validation'],
    [months - 0.5, end, '#fbeaea', 'forecast'],
  ];
  for (const [a, b, fill, label] of spans) {
    parts.push(`<rect x="${x(a)}" y="${margin.top}" width="${x(b) - x(a)}" height="${plotH}" fill="${fill}"/>`);
    parts.push(`<text x="${(x(a) + x(b)) / 2}" y="${margin.top + 16}" text-anchor="middle" class="span">${label}</text>`);
  }
  // y grid and ticks
  for (const v of ticks) {
    parts.push(`<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${y(v)}" y2="${y(v)}" class="grid"/>`);
    parts.push(`<text x="${margin.left - 8}" y="${y(v) + 4}" text-anchor="end">${v}</text>`);
  }
  // x ticks at every January
  for (let m = 0; m <= end; m += 12) {
    parts.push(`<line x1="${x(m)}" x2="${x(m)}" y1="${margin.top + plotH}" y2="${margin.top + plotH + 5}" class="axis"/>`);
    parts.push(`<text x="${x(m)}" y="${margin.top + plotH + 20}" text-anchor="middle">${firstYear + m / 12}</text>`);
  }
  parts.push(`<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${margin.top + plotH}" y2="${margin.top + plotH}" class="axis"/>`);
  parts.push(`<line x1="${margin.left}" x2="${margin.left}" y1="${margin.top}" y2="${margin.top + plotH}" class="axis"/>`);
  parts.push(`<text x="${margin.left - 48}" y="${margin.top + plotH / 2}" text-anchor="middle" transform="rotate(-90 ${margin.left - 48} ${margin.top + plotH / 2})">index (2010 = 100)</text>`);
  // the lines: predictions wide and pale under the thin actual line, so both stay visible where
  // they agree; the forecast starts from the last observed month so it joins the series
  parts.push(`<path d="${line(window, fitted)}" stroke="${colours.fit}" stroke-width="4" fill="none" opacity="0.45" stroke-linejoin="round"/>`);
  parts.push(`<path d="${line(trainEnd, validationPredicted)}" stroke="${colours.validation}" stroke-width="4" fill="none" opacity="0.6" stroke-linejoin="round"/>`);
  parts.push(`<path d="${line(0, series)}" stroke="${colours.series}" stroke-width="1.3" fill="none"/>`);
  parts.push(`<path d="${line(months - 1, [series[months - 1], ...forecast])}" stroke="${colours.forecast}" stroke-width="2" stroke-dasharray="6 4" fill="none"/>`);
  // title and legend
  const [[, lstm], [, naive], [, seasonalNaive]] = rows;
  parts.push(`<text x="${margin.left}" y="24" class="title">Retail sales index (synthetic, monthly): LSTM fit, validation and ${horizon}-month forecast</text>`);
  parts.push(
    `<text x="${margin.left}" y="42" class="subtitle">validation one month ahead: RMSE ${lstm.rmse.toFixed(2)}, MAE ${lstm.mae.toFixed(2)} index points ` +
      `(seasonal naive ${seasonalNaive.rmse.toFixed(2)} and ${seasonalNaive.mae.toFixed(2)}, naive ${naive.rmse.toFixed(2)} and ${naive.mae.toFixed(2)})</text>`,
  );
  const legend = [ // label, colour, width, opacity, dashes: as the lines are drawn
    ['actual', colours.series, 1.3, 1, ''],
    ['fitted (training, one month ahead)', colours.fit, 4, 0.45, ''],
    ['validation prediction (one month ahead)', colours.validation, 4, 0.6, ''],
    ['forecast (recursive)', colours.forecast, 2, 1, '6 4'],
  ];
  const lx = margin.left + 16;
  const ly = margin.top + 36;
  parts.push(`<rect x="${lx - 8}" y="${ly - 14}" width="280" height="${legend.length * 20 + 8}" fill="white" stroke="#ccc" opacity="0.92"/>`);
  legend.forEach(([label, colour, strokeWidth, opacity, dash], i) => {
    const yy = ly + i * 20;
    parts.push(`<line x1="${lx}" x2="${lx + 28}" y1="${yy - 4}" y2="${yy - 4}" stroke="${colour}" stroke-width="${strokeWidth}" opacity="${opacity}" stroke-dasharray="${dash}"/>`);
    parts.push(`<text x="${lx + 36}" y="${yy}">${label}</text>`);
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    '<style>.grid{stroke:#e4e4e4}.axis{stroke:#333}.title{font-size:16px;font-weight:bold}.subtitle{fill:#555}.span{fill:#999;font-style:italic}</style>',
    `<rect width="${width}" height="${height}" fill="white"/>`,
    ...parts,
    '</svg>',
  ].join('\n');
}

/** An axis over [min, max]: widened to multiples of a 1, 2, 2.5 or 5 × 10^k step that gives about six ticks. */
function axis(min, max) {
  const raw = (max - min) / 6;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((s) => s * power).find((s) => s >= raw);
  const lo = Math.floor(min / step) * step;
  const hi = Math.ceil(max / step) * step;
  const ticks = [];
  for (let v = lo; v <= hi + step / 2; v += step) ticks.push(Number(v.toFixed(6)));
  return { lo, hi, ticks };
}
