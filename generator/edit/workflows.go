package edit

import "strings"

// Workflows returns the GitHub Actions workflows of a site, by file name
// under .github/workflows/: check.yml runs rosette check on every pull
// request (with no secrets, so it is safe for pull requests from forks),
// and deploy.yml builds and deploys to GitHub Pages on every push to main,
// once a day (so that expiries show without a commit) and on demand.
//
// sourceFile names the file of the site whose first line is the git URL
// rosette is built from; "" means the repository is rosette itself, and
// the workflows run it with go run.
func Workflows(sourceFile string) map[string]string {
	setup := `      - uses: actions/setup-go@v5
        with:
          go-version-file: go.mod
`
	rosette := "go run ./cmd/rosette"
	if sourceFile != "" {
		setup = `      - uses: actions/setup-go@v5
        with:
          go-version: "1.26"
      - name: Install rosette
        run: |
          git clone --depth 1 "$(head -n 1 ` + sourceFile + `)" "$RUNNER_TEMP/rosette"
          (cd "$RUNNER_TEMP/rosette" && go build -o "$RUNNER_TEMP/bin/rosette" ./cmd/rosette)
          echo "$RUNNER_TEMP/bin" >> "$GITHUB_PATH"
`
		rosette = "rosette"
	}
	check := `# Checks every pull request: all content problems as annotations on the
# changed lines, and, against the target branch, published awards that
# were deleted, renamed or changed, private keys and plaintext addresses.
# It runs without secrets.
name: check
on:
  pull_request:
permissions:
  contents: read
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
` + setup + `      - name: rosette check
        env:
          BASE_REF: ${{ github.base_ref }}
        run: @ROSETTE@ check --format github --since "origin/$BASE_REF"
`
	deploy := `# Builds the site and deploys it to GitHub Pages on every push to main,
# every day (so that expired awards show as expired without a commit) and
# on demand. In the repository settings choose Pages → Source: GitHub Actions.
name: deploy
on:
  push:
    branches: [main]
  schedule:
    - cron: "17 4 * * *"
  workflow_dispatch:
permissions:
  contents: read
  pages: write
  id-token: write
concurrency:
  group: pages
  cancel-in-progress: false
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
` + setup + `      - name: rosette build
        env:
          # The issuer's private signing key, from the repository secret of
          # the same name; assertions are signed only when it is set. It is
          # never written to the repository or the output.
          ROSETTE_SIGNING_KEY: ${{ secrets.ROSETTE_SIGNING_KEY }}
        run: @ROSETTE@ build
      - uses: actions/upload-pages-artifact@v3
        with:
          path: public
  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
`
	return map[string]string{
		"check.yml":  strings.ReplaceAll(check, "@ROSETTE@", rosette),
		"deploy.yml": strings.ReplaceAll(deploy, "@ROSETTE@", rosette),
	}
}
