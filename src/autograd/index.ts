// torch.autograd: grad modes and anomaly detection, as one namespace (`autograd.detectAnomaly(fn)`).
export { noGrad, enableGrad, isGradEnabled, setGradEnabled } from './grad-mode';
export { detectAnomaly, setDetectAnomaly, isAnomalyEnabled } from './anomaly';
