// The bench worker's workflows (bundled for the baseline worker only; never registered by the terminus worker).
export { baselineCase } from './baseline-case';
