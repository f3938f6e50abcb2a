// A small fleet of Qoder deployments in TypeScript: a scheduled report (cron in a time
// zone), a manual-only deployment with a run triggered as code, and a paused one; a
// lookup by name; the report's next runs as a stack output.
import * as pulumi from "@pulumi/pulumi";
import * as qoder from "@pulumi-qoder/qoder";

const config = new pulumi.Config();
const agent = config.get("agent") ?? "agent_019ebb21ef8e7df6a559052c94875160";
const environmentId = config.get("environment") ?? "env_019e49a1780171daac1e6b01f290ac2b";

// Weekdays at 09:30 in Shanghai (01:30 UTC).
const report = new qoder.Deployment("daily-report", {
    agent,
    environmentId,
    description: config.get("reportDescription") ?? "Morning status report",
    schedule: { expression: "30 9 * * 1-5", timezone: "Asia/Shanghai" },
    initialEvents: [{ type: "user.message", content: "Generate today's status report" }],
    metadata: { team: "platform" },
});

// No schedule: it runs only when triggered, here by the DeploymentRun below.
const releaseNotes = new qoder.Deployment("release-notes", {
    agent: { id: agent, version: 1 },
    environmentId,
    initialEvents: [
        { type: "system.message", content: "You write release notes." },
        { type: "user.message", content: "Draft notes for the next release" },
    ],
    maxRetries: 1,
});

// Scheduled, but paused: nothing fires until `paused` is set to false.
const weeklyCost = new qoder.Deployment("weekly-cost", {
    agent,
    environmentId,
    schedule: { expression: "0 8 * * 1", timezone: "Europe/Berlin" },
    initialEvents: [{ type: "user.message", content: "Summarise last week's cloud costs" }],
    paused: true,
});

// A manual run as code: created once, and again whenever the prompts change; `pulumi up`
// waits for its outcome and fails if the run fails.
const releaseNotesRun = new qoder.DeploymentRun("release-notes-run", {
    deploymentId: releaseNotes.id,
    triggers: { events: releaseNotes.initialEvents },
    waitForCompletion: true,
    timeoutSeconds: 300,
});

// A lookup served by the provider; as an output-form call it waits for the report to exist.
const found = qoder.getDeploymentByNameOutput({ name: report.name });

export const reportName = report.name;
export const nextRuns = report.upcomingRunsAt;
export const lookedUpStatus = found.status;
export const weeklyCostStatus = weeklyCost.status;
export const releaseNotesRunStatus = releaseNotesRun.status;
