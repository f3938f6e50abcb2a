// Manage Qoder Cloud Agents deployments as code: a native provider plugin (`pulumi-resource-qoder`) for every language, and a Python dynamic provider.
package qoder
