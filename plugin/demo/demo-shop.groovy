def artifact
node {
  writeFile file: 'demo-shop.txt', text: "demo-shop build ${env.BUILD_NUMBER}"
  artifact = registerArtifact application: 'demo-shop', version: "1.0.${env.BUILD_NUMBER}",
      file: 'demo-shop.txt', sourceRevision: "demo-${env.BUILD_NUMBER}"
}
// no node here: waiting for approvals holds no executor
for (String environment in ['development', 'test', 'stage']) {
  stage(environment) {
    promote application: 'demo-shop', environment: environment, digest: artifact.digest,
        healthUrl: "${env.JENKINS_URL}login"
  }
}
stage('production') {
  withPromotion(application: 'demo-shop', environment: 'production', digest: artifact.digest,
      healthUrl: "${env.JENKINS_URL}login") {
    node { echo "helm upgrade demo-shop chart/ --set image.digest=${env.ROUTE_TO_LIVE_DIGEST}" }
  }
}
echo "demo-shop now runs: ${routeStatus(application: 'demo-shop')}"
