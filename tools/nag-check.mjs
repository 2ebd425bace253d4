#!/usr/bin/env node
// The cdk-nag gate for synthesized CloudFormation templates.
//
//   node tools/nag-check.mjs <template.json> [<template.json> ...]
//
// Each template is included into a throwaway CDK stack (CfnInclude) and checked with the AwsSolutions
// pack. Acknowledgements live in the template, on the resource, as
//   Metadata.cdk_nag.rules_to_suppress: [{ id, reason, applies_to? }]
// (written by IdentityE2E.Deploy next to the construct) and become cdk-nag acknowledgements of the
// included resource; `applies_to` narrows one to findings such as AwsSolutions-IAM5[Resource::*].
//
// Prints one line per finding ("ERROR <rule> <template> <logical id>: <why>"), per acknowledgement
// ("ACKNOWLEDGED ...") and per acknowledgement that matched nothing ("UNUSED ..."). Exits 1 on any
// error finding, on an acknowledgement without a reason, and on an unreadable template.
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

const require = createRequire(import.meta.url);
const { App, DefaultStackSynthesizer, Stack, Validations } = require('aws-cdk-lib');
const { CfnInclude } = require('aws-cdk-lib/cloudformation-include');
const { AwsSolutionsChecks } = require('cdk-nag');

const templates = process.argv.slice(2);
if (templates.length === 0) {
  console.error('usage: node tools/nag-check.mjs <template.json> [<template.json> ...]');
  process.exit(2);
}

let failed = false;
const outdir = mkdtempSync(join(tmpdir(), 'nag-check-'));
try {
  for (const file of templates) {
    failed = checkTemplate(file) || failed;
  }
} finally {
  rmSync(outdir, { recursive: true, force: true });
}

console.log(failed ? 'nag-check: FAILED' : 'nag-check: passed');
process.exit(failed ? 1 : 0);

function checkTemplate(file) {
  const name = basename(file);
  let template;
  try {
    template = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    console.log(`ERROR nag-check ${name}: cannot read the template: ${error.message}`);
    return true;
  }

  const acknowledgements = readAcknowledgements(name, template);
  let failed = acknowledgements.some((a) => a.invalid);

  // Without acknowledgements first: every finding, so unused acknowledgements can be reported.
  const all = findings(file, []);
  // Then with them, through cdk-nag's own acknowledgement mechanism: what remains is the verdict.
  const remaining = findings(file, acknowledgements.filter((a) => !a.invalid));

  for (const finding of remaining) {
    console.log(`${finding.severity.toUpperCase()} ${finding.rule} ${name} ${finding.logicalId}: ${finding.description}`);
    failed ||= finding.severity === 'error';
  }

  for (const ack of acknowledgements.filter((a) => !a.invalid)) {
    const used = all.some((f) => f.rule === ack.ruleId && f.logicalId === ack.logicalId);
    console.log(`${used ? 'ACKNOWLEDGED' : 'UNUSED'} ${ack.ruleId} ${name} ${ack.logicalId}: ${ack.reason}`);
  }

  return failed;
}

function readAcknowledgements(name, template) {
  const result = [];
  for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
    const rules = resource?.Metadata?.cdk_nag?.rules_to_suppress;
    if (rules === undefined) continue;
    if (!Array.isArray(rules)) {
      console.log(`ERROR nag-check ${name} ${logicalId}: Metadata.cdk_nag.rules_to_suppress must be an array.`);
      result.push({ invalid: true });
      continue;
    }

    for (const rule of rules) {
      const id = typeof rule?.id === 'string' ? rule.id.trim() : '';
      const reason = typeof rule?.reason === 'string' ? rule.reason.trim() : '';
      if (id === '' || reason === '') {
        console.log(`ERROR nag-check ${name} ${logicalId}: acknowledgement of ${id || '(no rule id)'} has no reason; every acknowledged rule needs one.`);
        result.push({ invalid: true });
        continue;
      }

      const appliesTo = Array.isArray(rule.applies_to) ? rule.applies_to : [];
      const ruleIds = appliesTo.length === 0 ? [id] : appliesTo.map((finding) => `${id}[${finding}]`);
      for (const ruleId of ruleIds) {
        result.push({ logicalId, ruleId, reason, invalid: false });
      }
    }
  }

  return result;
}

function findings(file, acknowledgements) {
  const app = new App({ outdir });
  const stack = new Stack(app, 'NagCheck', {
    synthesizer: new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }),
  });
  const included = new CfnInclude(stack, 'Template', { templateFile: file });
  for (const ack of acknowledgements) {
    Validations.of(included.getResource(ack.logicalId)).acknowledge({ id: ack.ruleId, reason: ack.reason });
  }

  const report = new AwsSolutionsChecks(undefined, { verbose: false }).validateScope(stack);
  const prefix = `${stack.node.path}/${included.node.id}/`;
  return report.violations.flatMap((violation) =>
    violation.violatingResources.map((resource) => ({
      rule: violation.ruleName,
      severity: violation.severity ?? 'error',
      description: violation.description,
      logicalId: (resource.constructPath ?? resource.resourceLogicalId ?? '?').replace(prefix, ''),
    })));
}
