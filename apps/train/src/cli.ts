import type { Params } from "@plainnet/core";
import { parseArgs, type TrainConfig, usesNetwork } from "./args.ts";
import {
  buildArchitecture,
  type ExperimentData,
  type ExperimentResult,
  evaluate,
  prepareData,
  runExperiment,
} from "./experiment.ts";
import { type Bounds, cellCentreBounds, dataBounds, predictGrid } from "./grid.ts";
import { modelToJson } from "./model-json.ts";
import { type OutputFile, prepareOutputDir, writeOutputFiles } from "./output-dir.ts";
import { createProgress, logInterval } from "./progress.ts";
import { headerLines, jsonSummary, resultLines, trainingMethod } from "./report.ts";
import { now, type Runtime } from "./runtime.ts";
import { boundarySvg } from "./svg-boundary.ts";
import { animatedSvg, frameSvgs, type Snapshot, snapshotEpochs } from "./svg-frames.ts";
import { historySvg } from "./svg-history.ts";
import { pixelRows, plotHeight, plotLegend, renderTerminalPlot } from "./terminal-plot.ts";
import { USAGE_EXIT_CODE, UsageError, usageErrorLine, usageText } from "./usage.ts";

/**
 * Exit code when training fails (e.g. diverges).
 *
 * @example
 * ```ts
 * main(rt) === FAILURE_EXIT_CODE; // training diverged
 * ```
 */
export const FAILURE_EXIT_CODE = 1;

function describeSize(bytes: number): string {
  return bytes < 10_000 ? `${bytes} B` : `${(bytes / 1000).toFixed(0)} kB`;
}

function gridSize(bounds: Bounds, nx: number): number {
  const aspect = (bounds.yMax - bounds.yMin) / (bounds.xMax - bounds.xMin);
  return Math.max(2, Math.round(nx * aspect));
}

function title(config: TrainConfig): string {
  const method = usesNetwork(config) ? `${trainingMethod(config)}, ` : "";
  return `${config.dataset} · ${config.arch.join("-")} ${config.activation}/sigmoid · ${config.epochs} epochs, ${method}lr ${config.lr}`;
}

function terminalPlot(
  config: TrainConfig,
  data: ExperimentData,
  params: Params,
  rt: Runtime,
  color: boolean,
  outer: Bounds,
): string[] {
  const columns = rt.columns() ?? 80;
  const width = config.width ?? Math.max(20, Math.min(96, columns - 1));
  const height = plotHeight(outer, width);
  const rows = pixelRows(height, color);
  const arch = buildArchitecture(config);
  const grid = predictGrid(params, arch, cellCentreBounds(outer, width, rows), width, rows);
  const f = (v: number): string => v.toFixed(2);
  return [
    `decision boundary with the ${data.testPoints.length} test points (x₁ ${f(outer.xMin)}…${f(outer.xMax)} across, x₂ ${f(outer.yMin)}…${f(outer.yMax)} up)`,
    ...renderTerminalPlot({ grid, points: data.testPoints, width, height, color }),
    plotLegend(color),
  ];
}

function writeOutputs(
  config: TrainConfig,
  data: ExperimentData,
  result: ExperimentResult,
  snapshots: readonly Snapshot[],
  outer: Bounds,
  rt: Runtime,
): string[] {
  const dir = config.out as string;
  const files: OutputFile[] = [];
  const add = (name: string, text: string): void => {
    files.push({ name, text });
  };
  const nx = 121;
  const grid = predictGrid(result.params, result.architecture, outer, nx, gridSize(outer, nx));
  const name = title(config);
  add(
    "boundary.svg",
    boundarySvg({
      grid,
      trainPoints: data.trainPoints,
      testPoints: data.testPoints,
      title: name,
      subtitle: `train accuracy ${result.train.accuracy.toFixed(4)}, test accuracy ${result.test.accuracy.toFixed(4)} (${data.testPoints.length} test points, black edges)`,
    }),
  );
  add(
    "history.svg",
    historySvg({
      cost: result.costHistory,
      accuracy: result.accuracyHistory,
      testAccuracy: result.test.accuracy,
      title: name,
    }),
  );
  const training = {
    dataset: config.dataset,
    samples: config.samples,
    noise: data.noise,
    testSize: config.testSize,
    dataSeed: config.dataSeed,
    splitSeed: config.splitSeed,
    epochs: config.epochs,
    learningRate: config.lr,
    loss: config.loss,
    initSeed: config.seed,
    optimizer: config.optimizer,
    batchSize: config.batchSize ?? "full",
    ...(config.optimizer === "momentum" || config.optimizer === "nesterov"
      ? { momentum: config.momentum }
      : {}),
    init: config.init,
    trainAccuracy: result.train.accuracy,
    testAccuracy: result.test.accuracy,
    trainCost: result.train.cost,
  };
  add(
    "model.json",
    `${JSON.stringify(modelToJson(result.architecture, result.params, training))}\n`,
  );
  if (snapshots.length > 0) {
    const picture = {
      snapshots,
      trainPoints: data.trainPoints,
      testPoints: data.testPoints,
      title: name,
      epochs: config.epochs,
    };
    add("training.svg", animatedSvg(picture));
    for (const f of frameSvgs(picture)) add(`frames/${f.name}`, f.svg);
  }
  const paths = writeOutputFiles(rt.fs, dir, files);
  return files.map(
    (f, k) => `${paths[k]} (${describeSize(new TextEncoder().encode(f.text).length)})`,
  );
}

/**
 * The whole command: parse, train with live progress, report, draw, write files. Returns the
 * exit code (also set on the runtime): 0 done, 1 training failed, 2 bad command line.
 *
 * @example
 * ```ts
 * await main(currentRuntime());
 * ```
 */
export async function main(rt: Runtime): Promise<number> {
  const exit = (code: number): number => {
    rt.setExitCode(code);
    return code;
  };
  const fail = (error: unknown): number => {
    if (error instanceof UsageError) {
      rt.writeStderr(`${usageErrorLine(error)}\n`);
      return exit(USAGE_EXIT_CODE);
    }
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    rt.writeStderr(`train: ${message.split("\n")[0]}\n`);
    return exit(FAILURE_EXIT_CODE);
  };

  let config: TrainConfig;
  try {
    const parsed = parseArgs(rt.args);
    if (parsed.kind === "help") {
      rt.writeStdout(usageText());
      return exit(0);
    }
    config = parsed.config;
  } catch (error) {
    return fail(error);
  }

  if (config.out !== undefined) {
    const dir = config.out;
    if (!rt.canWrite(dir)) {
      rt.writeStderr(
        `train: --out ${dir} needs read and write access to that folder; run: deno run -R=${dir} -W=${dir} train.ts --out ${dir}\n`,
      );
      return exit(USAGE_EXIT_CODE);
    }
    // Before any data or epoch: an unwritable folder must not cost a whole run.
    try {
      prepareOutputDir(rt.fs, dir);
    } catch (error) {
      return fail(error);
    }
  }

  let data: ExperimentData;
  try {
    data = prepareData(config);
  } catch (error) {
    // The generators and the split validate their options: a bad value is a usage error.
    if (error instanceof RangeError || error instanceof TypeError) {
      return fail(new UsageError(error.message));
    }
    return fail(error);
  }

  const human = !config.json;
  const say = (line: string): void => {
    if (human) rt.writeStdout(`${line}\n`);
  };
  const arch = buildArchitecture(config);
  for (const line of headerLines(config, data, arch, rt.name)) say(line);

  // Progress: on stdout normally; with --json on stderr, and only when that is a terminal.
  const progressTty = human ? rt.stdoutIsTerminal : rt.stderrIsTerminal;
  const progress =
    human || progressTty
      ? createProgress({
          total: config.epochs,
          write: human ? rt.writeStdout : rt.writeStderr,
          tty: progressTty,
          every: config.logEvery ?? logInterval(config.epochs),
          width: Math.max(20, (rt.columns() ?? 80) - 1),
          now,
        })
      : undefined;

  const outer = dataBounds([...data.trainPoints, ...data.testPoints]);
  const snapshots: Snapshot[] = [];
  const frameNx = 81;
  const frameNy = gridSize(outer, frameNx);

  let result: ExperimentResult;
  try {
    result = await runExperiment(
      config,
      data,
      {
        onEpoch: progress === undefined ? undefined : (d, c, a) => progress.update(d, c, a),
        snapshotAt: config.frames > 0 ? snapshotEpochs(config.epochs, config.frames) : [],
        onSnapshot: (updates, params) => {
          snapshots.push({
            epoch: updates,
            grid: predictGrid(params, arch, outer, frameNx, frameNy),
            accuracy: evaluate(params, arch, data.XTrain, data.YTrain, config.loss).accuracy,
          });
        },
      },
      now,
    );
  } catch (error) {
    progress?.finish();
    return fail(error);
  }
  progress?.finish();

  for (const line of resultLines(result, config.epochs)) say(line);
  if (human && config.plot) {
    const color = config.color && !rt.noColor && rt.stdoutIsTerminal;
    say("");
    for (const line of terminalPlot(config, data, result.params, rt, color, outer)) say(line);
  }

  let written: string[] = [];
  if (config.out !== undefined) {
    try {
      written = writeOutputs(config, data, result, snapshots, outer, rt);
    } catch (error) {
      const why = (error instanceof Error ? error.message : String(error)).split("\n")[0];
      rt.writeStderr(`train: --out ${config.out}: writing the files failed (${why})\n`);
      return exit(FAILURE_EXIT_CODE);
    }
    say("");
    for (const w of written) say(`wrote     ${w}`);
  }

  if (config.json) {
    const files = written.map((w) => w.replace(/ \(.*\)$/, ""));
    rt.writeStdout(`${JSON.stringify(jsonSummary(config, data, result, rt.name, files))}\n`);
  }
  return exit(0);
}
