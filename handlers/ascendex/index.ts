export { ascendexSpot } from './spot.js'
