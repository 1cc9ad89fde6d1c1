// Typed access to the reference fixtures (copied from NumPy 1.24 / scikit-learn 1.2 outputs).
import seedJson from "../../../fixtures/seed.json" with { type: "json" };
import trainingJson from "../../../fixtures/training.json" with { type: "json" };

export interface SeedFixture {
  architecture: { input_dim: number; output_dim: number; activation: string }[];
  init_seed: number;
  params: { W: number[][]; b: number[][] }[];
  input: number[][];
  Z: number[][][];
  output: number[][];
}

export const seedFixture: SeedFixture = seedJson as unknown as SeedFixture;

export interface TrainingCase {
  name: string;
  dataset: { kind: string; n_samples: number; noise: number; random_state: number };
  split: { test_size: number; random_state: number };
  architecture: { input_dim: number; output_dim: number; activation: string }[];
  epochs: number;
  learning_rate: number;
  init_seed: number;
  cost_at_epoch: Record<string, number>;
  train_accuracy_at_epoch: Record<string, number>;
  test_accuracy: number;
  grads_epoch0?: { dW: number[][]; db: number[][] }[];
  final_params?: { W: number[][]; b: number[][] }[];
}

export const trainingCases: TrainingCase[] = (trainingJson as unknown as { cases: TrainingCase[] })
  .cases;
