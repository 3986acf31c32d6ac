pipeline {
  agent none
  stages {
    stage('Build') {
      agent any
      steps {
        writeFile file: 'billing.txt', text: "billing build ${BUILD_NUMBER}"
        script {
          env.BILLING_DIGEST = registerArtifact(application: 'billing', version: "2.0.${BUILD_NUMBER}",
              file: 'billing.txt', sourceRevision: "rev-${BUILD_NUMBER}").digest
        }
      }
    }
    stage('Development') {
      steps {
        promote application: 'billing', environment: 'development', digest: env.BILLING_DIGEST,
                healthUrl: "${JENKINS_URL}login"
      }
    }
    stage('Test') {
      steps {
        withPromotion(application: 'billing', environment: 'test', digest: env.BILLING_DIGEST,
                      healthUrl: "${JENKINS_URL}login") {
          echo "deploying ${env.ROUTE_TO_LIVE_VERSION} to ${env.ROUTE_TO_LIVE_ENVIRONMENT}"
        }
      }
    }
  }
}
