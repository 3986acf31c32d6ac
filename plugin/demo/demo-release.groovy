// A release of three applications, promoted together. The manifest is read on an agent; the waiting and
// deploying happen outside node, so approvals hold no executor. Approve each component promotion on the build's
// Route to Live page (tess for test); the release deploys once all are approved.
def release
node {
  def digests = [:]
  for (String app in ['demo-db', 'demo-api', 'demo-web']) {
    writeFile file: "${app}.txt", text: "${app} build ${env.BUILD_NUMBER}"
    digests[app] = registerArtifact(application: app, version: "2.0.${env.BUILD_NUMBER}", file: "${app}.txt",
        sourceRevision: "demo-${env.BUILD_NUMBER}").digest
  }
  writeFile file: 'release.yaml', text: """name: demo-release
version: 2026.${env.BUILD_NUMBER}
components:
  - {application: demo-db, version: 2.0.${env.BUILD_NUMBER}, digest: '${digests['demo-db']}'}
  - {application: demo-api, version: 2.0.${env.BUILD_NUMBER}, digest: '${digests['demo-api']}', dependsOn: [demo-db]}
  - {application: demo-web, version: 2.0.${env.BUILD_NUMBER}, digest: '${digests['demo-web']}', dependsOn: [demo-api]}
"""
  release = readFile 'release.yaml'
}
for (String environment in ['development', 'test']) {
  stage(environment) {
    def result = promoteRelease manifest: release, environment: environment,
        healthUrlPattern: "${env.JENKINS_URL}login?application={application}"
    echo "${result.release} in ${environment}: ${result.state}"
  }
}
