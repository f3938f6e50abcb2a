// A small fleet of Qoder deployments in Go: a weekday report on a cron schedule in a time
// zone, a manual-only deployment run once as code, a paused one, a lookup and the next runs.
//
// The plugin comes from `pip install pulumi-qoder` and `pulumi-qoder install-plugin`; the
// SDK from this repository's sdk/go (see go.mod's replace).
package main

import (
	"github.com/pulumi-qoder/pulumi-qoder/sdk/go/qoder"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func userMessage(text string) qoder.InitialEventInput {
	return qoder.InitialEventArgs{Type: pulumi.String("user.message"), Content: pulumi.String(text)}
}

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		agent := cfg.Get("agent")
		if agent == "" {
			agent = "agent_019ebb21ef8e7df6a559052c94875160"
		}
		environment := cfg.Get("environment")
		if environment == "" {
			environment = "env_019e49a1780171daac1e6b01f290ac2b"
		}
		description := cfg.Get("reportDescription")
		if description == "" {
			description = "Morning status report"
		}

		// Weekdays at 09:30 in Shanghai (01:30 UTC).
		report, err := qoder.NewDeployment(ctx, "daily-report", &qoder.DeploymentArgs{
			Agent:         pulumi.String(agent),
			EnvironmentId: pulumi.String(environment),
			Description:   pulumi.String(description),
			Schedule: qoder.ScheduleArgs{
				Expression: pulumi.String("30 9 * * 1-5"),
				Timezone:   pulumi.String("Asia/Shanghai"),
			},
			InitialEvents: qoder.InitialEventArray{userMessage("Generate today's status report")},
			Metadata:      pulumi.StringMap{"team": pulumi.String("platform")},
		})
		if err != nil {
			return err
		}

		// No schedule: it runs only when asked, here by the DeploymentRun below.
		notes, err := qoder.NewDeployment(ctx, "release-notes", &qoder.DeploymentArgs{
			Agent:         pulumi.String(agent),
			EnvironmentId: pulumi.String(environment),
			InitialEvents: qoder.InitialEventArray{
				qoder.InitialEventArgs{Type: pulumi.String("system.message"),
					Content: pulumi.String("You write release notes.")},
				userMessage("Draft notes for the next release"),
			},
		})
		if err != nil {
			return err
		}

		// Scheduled, but paused until someone sets paused to false.
		cost, err := qoder.NewDeployment(ctx, "weekly-cost", &qoder.DeploymentArgs{
			Agent:         pulumi.String(agent),
			EnvironmentId: pulumi.String(environment),
			Schedule: qoder.ScheduleArgs{
				Expression: pulumi.String("0 8 * * 1"),
				Timezone:   pulumi.String("UTC"),
			},
			InitialEvents: qoder.InitialEventArray{userMessage("Summarise last week's cloud costs")},
			MaxRetries:    pulumi.Int(2),
			Paused:        pulumi.Bool(true),
		})
		if err != nil {
			return err
		}

		// A manual run of release-notes, started again whenever its events change.
		run, err := qoder.NewDeploymentRun(ctx, "release-notes-run", &qoder.DeploymentRunArgs{
			DeploymentId: notes.ID().ToStringOutput(),
			Triggers:     pulumi.Map{"events": notes.InitialEvents},
		})
		if err != nil {
			return err
		}

		// A lookup served by the plugin: the live deployment by its (auto-generated) name.
		found := qoder.GetDeploymentByNameOutput(ctx, qoder.GetDeploymentByNameOutputArgs{
			Name: cost.Name,
		})

		ctx.Export("nextRuns", report.UpcomingRunsAt)
		ctx.Export("deployments", pulumi.StringMap{
			"daily-report":  report.Name,
			"release-notes": notes.Name,
			"weekly-cost":   cost.Name,
		})
		ctx.Export("runId", run.RunId)
		ctx.Export("weeklyCostStatus", found.Status())
		return nil
	})
}
