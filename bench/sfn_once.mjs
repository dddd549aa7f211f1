// One execution of a state machine with the npm package aws-local-stepfunctions, for whole-process
// timing against `controlplane sfn run`. Prints {"status","output"} like the CLI does.
// Usage: node sfn_once.mjs DEFINITION.json [INPUT.json]   (run from a dir whose node_modules has the package)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(process.cwd() + '/');
const { StateMachine } = require('aws-local-stepfunctions');
const [definitionFile, inputFile] = process.argv.slice(2);
const definition = JSON.parse(readFileSync(definitionFile, 'utf8'));
const input = inputFile ? JSON.parse(readFileSync(inputFile, 'utf8')) : {};
const output = await new StateMachine(definition).run(input).result;
console.log(JSON.stringify({ status: 'SUCCEEDED', output }));
