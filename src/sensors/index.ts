/** Virtual sensors over the simulator (the edge gateway will live here too). */
export { createVirtualSensors, type SensorSource, type VirtualSensorBank, type VirtualSensorOptions } from './virtual-sensors.ts';
